"""Editing a programme's stages and checklists: the services (positions kept 1..n, one
audit each, refusals that save nothing) and the page (who may, htmx partial, 4xx)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.incubator import services
from comptoir.incubator.audit import Verb
from comptoir.incubator.models import ChecklistItem, ChecklistTick, Programme, Stage
from comptoir.incubator.tests.conftest import tick_all

pytestmark = pytest.mark.django_db


def names(programme: Programme) -> list[str]:
    return list(programme.stages.order_by("position").values_list("name", flat=True))


def positions(programme: Programme) -> list[int]:
    return list(programme.stages.order_by("position").values_list("position", flat=True))


def stage_named(programme: Programme, name: str) -> Stage:
    return programme.stages.get(name=name)


# --- Services --------------------------------------------------------------------------------


def test_a_stage_is_added_at_the_end_renamed_and_audited(programme: Any, concierge: Any) -> None:
    stage = services.stage_add(programme=programme, name="  Essaimage ", by=concierge)
    assert names(programme)[-1] == "Essaimage" and stage.position == 5

    services.stage_update(stage=stage, name="Diffusion", description="Partager", by=concierge)

    stage.refresh_from_db()
    assert (stage.name, stage.description) == ("Diffusion", "Partager")
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-2:] == [Verb.STAGE_ADDED, Verb.STAGE_RENAMED]


def test_stages_move_up_and_down_and_stay_at_the_ends(programme: Any, concierge: Any) -> None:
    launch = stage_named(programme, "Lancement")
    services.stage_move(stage=launch, direction="up", by=concierge)
    assert names(programme) == ["Idée", "Exploration", "Lancement", "Prototype"]
    services.stage_move(stage=stage_named(programme, "Idée"), direction="up", by=concierge)
    services.stage_move(stage=stage_named(programme, "Idée"), direction="down", by=concierge)
    assert names(programme) == ["Exploration", "Idée", "Lancement", "Prototype"]
    assert positions(programme) == [1, 2, 3, 4]
    with pytest.raises(InvalidInput):
        services.stage_move(stage=launch, direction="sideways", by=concierge)


def test_a_stage_with_projects_cannot_be_removed(
    programme: Any, incubation: Any, concierge: Any
) -> None:
    with pytest.raises(services.StageInUse):
        services.stage_remove(stage=incubation.stage, by=concierge)
    assert programme.stages.count() == 4


def test_a_stage_projects_went_through_is_removed_with_its_ticks_and_positions_close_up(
    programme: Any, incubation: Any, concierge: Any
) -> None:
    tick_all(incubation, concierge)
    services.stage_advance(incubation=incubation, by=concierge)
    idea = stage_named(programme, "Idée")

    services.stage_remove(stage=idea, by=concierge)

    assert names(programme) == ["Exploration", "Prototype", "Lancement"]
    assert positions(programme) == [1, 2, 3]
    assert not ChecklistTick.objects.exists()
    event = AuditEvent.objects.get(verb=Verb.STAGE_REMOVED)
    assert event.data["name"] == "Idée" and len(event.data["items"]) == 3


def test_the_last_stage_stays(place: Any, concierge: Any) -> None:
    programme = services.programme_create(place=place, template="bm48h", by=concierge)
    stages = list(programme.stages.order_by("position"))
    for stage in stages[:-1]:
        services.stage_remove(stage=stage, by=concierge)
    with pytest.raises(services.LastStage):
        services.stage_remove(stage=stages[-1], by=concierge)


def test_checklist_items_are_added_rewritten_moved_and_removed(
    programme: Any, concierge: Any
) -> None:
    idea = stage_named(programme, "Idée")
    added = services.item_add(stage=idea, text="Choisir un nom", by=concierge)
    assert added.position == 4
    services.item_update(item=added, text="Choisir un beau nom", by=concierge)
    services.item_move(item=added, direction="up", by=concierge)
    first = idea.items.get(position=1)
    services.item_remove(item=first, by=concierge)

    texts = list(idea.items.order_by("position").values_list("text", flat=True))
    assert texts == [
        "Rencontrer un concierge du lieu",
        "Choisir un beau nom",
        "Remplir la proposition de valeur du canevas",
    ]
    assert list(idea.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize("bad", ["", "   ", "x" * 81])
def test_a_bad_stage_name_is_refused(programme: Any, concierge: Any, bad: str) -> None:
    with pytest.raises(InvalidInput):
        services.stage_add(programme=programme, name=bad, by=concierge)
    assert programme.stages.count() == 4


def test_an_empty_item_is_refused(programme: Any, concierge: Any) -> None:
    with pytest.raises(InvalidInput):
        services.item_add(stage=programme.stages.first(), text=" ", by=concierge)


def test_only_the_place_concierges_edit_stages(
    programme: Any, nomad: Any, other_concierge: Any, project_lead: Any
) -> None:
    stage = programme.stages.first()
    for who in (nomad, other_concierge, project_lead):
        with pytest.raises(NotAllowed):
            services.stage_add(programme=programme, name="Non", by=who)
        with pytest.raises(NotAllowed):
            services.stage_remove(stage=stage, by=who)
        with pytest.raises(NotAllowed):
            services.item_add(stage=stage, text="Non", by=who)
    assert programme.stages.count() == 4 and ChecklistItem.objects.count() == 12


def test_a_programme_is_renamed_and_closed(programme: Any, concierge: Any, place: Any) -> None:
    services.programme_create(place=place, template="bm48h", by=concierge)
    with pytest.raises(InvalidInput):
        services.programme_update(programme=programme, name="business MODEL en 48H", by=concierge)
    services.programme_update(programme=programme, name="Fabrique", is_active=False, by=concierge)
    programme.refresh_from_db()
    assert (programme.name, programme.is_active) == ("Fabrique", False)
    assert AuditEvent.objects.filter(verb=Verb.PROGRAMME_UPDATED).count() == 1


# --- The page --------------------------------------------------------------------------------


def stages_url(programme: Programme, name: str = "programme-stages", *args: int) -> str:
    return reverse(f"incubation:{name}", args=[programme.place.slug, programme.pk, *args])


def test_the_incubator_page_links_the_stage_editor_for_its_concierges(
    place: Any, programme: Any, login: Any, concierge: Any, nomad: Any
) -> None:
    page = login(concierge).get(reverse("incubation:place", args=[place.slug]))
    assert stages_url(programme).encode() in page.content
    page = login(nomad).get(reverse("incubation:place", args=[place.slug]))
    assert stages_url(programme).encode() not in page.content


def test_the_stage_editor_lists_the_stages_and_items(
    programme: Any, incubation: Any, login: Any, concierge: Any, django_assert_num_queries: Any
) -> None:
    client = login(concierge)
    client.get(stages_url(programme))
    with django_assert_num_queries(9):
        page = client.get(stages_url(programme))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-stage="') == 4 and html.count('data-item="') == 12
    assert 'data-testid="stage-in-use"' in html  # the first stage holds the project


@pytest.mark.parametrize("who", ["nomad", "other_concierge", "project_lead"])
def test_others_may_not_open_or_post_the_stage_editor(
    programme: Any, login: Any, request: Any, who: str
) -> None:
    client = login(request.getfixturevalue(who))
    assert client.get(stages_url(programme)).status_code == 403
    response = client.post(stages_url(programme, "stage-add"), {"name": "Non"})
    assert response.status_code == 403
    assert programme.stages.count() == 4


def test_anonymous_people_are_sent_to_log_in(programme: Any, client: Any) -> None:
    assert client.get(stages_url(programme)).status_code == 302
    assert client.post(stages_url(programme, "stage-add"), {"name": "x"}).status_code == 302
    assert programme.stages.count() == 4


def test_a_concierge_adds_a_stage_then_is_sent_back(
    programme: Any, login: Any, concierge: Any
) -> None:
    response = login(concierge).post(stages_url(programme, "stage-add"), {"name": "Essaimage"})
    assert response.status_code == 302 and response.url == stages_url(programme)
    assert names(programme)[-1] == "Essaimage"


def test_htmx_edits_answer_the_stages_partial(programme: Any, login: Any, concierge: Any) -> None:
    client = login(concierge)
    launch = stage_named(programme, "Lancement")
    response = client.post(
        stages_url(programme, "stage-move", launch.pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="stages"') and "<html" not in html
    assert names(programme)[2] == "Lancement"


def test_removing_a_stage_with_projects_is_a_409_that_says_why(
    programme: Any, incubation: Any, login: Any, concierge: Any
) -> None:
    response = login(concierge).post(
        stages_url(programme, "stage-remove", incubation.stage_id), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert b'data-testid="error"' in response.content
    assert programme.stages.count() == 4


def test_bad_input_is_a_422_and_saves_nothing(programme: Any, login: Any, concierge: Any) -> None:
    client = login(concierge)
    stage = programme.stages.first()
    item = stage.items.first()
    assert client.post(stages_url(programme, "stage-add"), {"name": ""}).status_code == 422
    bad_move = client.post(stages_url(programme, "stage-move", stage.pk), {"direction": "left"})
    assert bad_move.status_code == 422
    assert (
        client.post(stages_url(programme, "item-update", item.pk), {"text": ""}).status_code == 422
    )
    assert programme.stages.count() == 4 and stage.items.count() == 3
    item.refresh_from_db()
    assert item.text == "Écrire le résumé du projet"


def test_stages_and_items_of_another_programme_are_404(
    programme: Any, place: Any, login: Any, concierge: Any
) -> None:
    other = services.programme_create(place=place, template="bm48h", by=concierge)
    foreign_stage = other.stages.first()
    foreign_item = foreign_stage.items.first()
    client = login(concierge)
    assert client.post(stages_url(programme, "stage-remove", foreign_stage.pk)).status_code == 404
    assert client.post(stages_url(programme, "item-remove", foreign_item.pk)).status_code == 404
    assert client.get(stages_url(programme).replace(str(programme.pk), "999999")).status_code == 404
    assert other.stages.count() == 4


def test_items_are_edited_from_the_page(programme: Any, login: Any, concierge: Any) -> None:
    client = login(concierge)
    idea = stage_named(programme, "Idée")
    client.post(stages_url(programme, "item-add", idea.pk), {"text": "Choisir un nom"})
    added = idea.items.get(text="Choisir un nom")
    client.post(stages_url(programme, "item-update", added.pk), {"text": "Choisir un beau nom"})
    client.post(stages_url(programme, "item-move", added.pk), {"direction": "up"})
    client.post(stages_url(programme, "item-remove", idea.items.get(position=1).pk))
    texts = list(idea.items.order_by("position").values_list("text", flat=True))
    assert texts == [
        "Rencontrer un concierge du lieu",
        "Choisir un beau nom",
        "Remplir la proposition de valeur du canevas",
    ]
