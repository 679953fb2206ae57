"""The incubator's pages: who sees and does what, the htmx checklist, the canvas editor and
its conflict screen, the history, bad input (4xx, nothing saved) and pinned query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from comptoir.incubator import services
from comptoir.incubator.models import Canvas, CanvasRevision, ChecklistTick, Incubation, Programme
from comptoir.incubator.tests.conftest import tick_all
from comptoir.projects.models import ProjectMember

pytestmark = [
    pytest.mark.django_db,
]


def _detail(incubation: Any) -> str:
    return reverse("incubation:detail", args=[incubation.project.slug])


# --- The place's incubator -------------------------------------------------------------------


def test_a_concierge_creates_a_programme_from_a_template(
    place: Any, login: Any, concierge: Any
) -> None:
    url = reverse("incubation:programme-create", args=[place.slug])
    response = login(concierge).post(url, {"template": "bm48h", "name": "", "description": ""})
    assert response.status_code == 302
    assert Programme.objects.get().stages.count() == 4


def test_a_bad_template_is_a_422_and_nothing_is_saved(
    place: Any, login: Any, concierge: Any
) -> None:
    url = reverse("incubation:programme-create", args=[place.slug])
    response = login(concierge).post(url, {"template": "<script>", "name": "x"})
    assert response.status_code == 422
    assert not Programme.objects.exists()


def test_a_member_sees_the_incubator_but_cannot_create(
    place: Any,
    login: Any,
    nomad: Any,
    incubation: Any,
) -> None:
    client = login(nomad)
    page = client.get(reverse("incubation:place", args=[place.slug]))
    assert page.status_code == 200
    assert f'data-incubation="{incubation.pk}"'.encode() in page.content
    assert b'data-testid="programme-form"' not in page.content
    response = client.post(
        reverse("incubation:programme-create", args=[place.slug]), {"template": "bm48h"}
    )
    assert response.status_code == 403


def test_strangers_and_anonymous_are_kept_out(place: Any, login: Any, other_concierge: Any) -> None:
    url = reverse("incubation:place", args=[place.slug])
    assert login(other_concierge).get(url).status_code == 403
    assert login(None).get(url).status_code == 302
    assert login(other_concierge).get("/lieux/nope/incubateur/").status_code == 404


def test_a_concierge_starts_an_incubation(
    place: Any,
    login: Any,
    concierge: Any,
    project: Any,
    programme: Any,
) -> None:
    response = login(concierge).post(
        reverse("incubation:start", args=[place.slug]),
        {"project": project.pk, "programme": programme.pk, "cohort": "Cohorte automne 2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incubation:detail", args=[project.slug])
    assert Incubation.objects.get().cohort == "Cohorte automne 2026"


def test_starting_with_bad_input_is_a_422(
    place: Any,
    login: Any,
    concierge: Any,
    project: Any,
    programme: Any,
) -> None:
    response = login(concierge).post(
        reverse("incubation:start", args=[place.slug]),
        {"project": 999999, "programme": programme.pk, "started_on": "hier"},
    )
    assert response.status_code == 422
    assert not Incubation.objects.exists()


def test_the_place_page_runs_a_fixed_number_of_queries(
    place: Any,
    login: Any,
    nomad: Any,
    make_project: Any,
    programme: Any,
    concierge: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(nomad)
    url = reverse("incubation:place", args=[place.slug])
    for cohort in ("A", "B", "B"):
        services.incubation_start(
            project=make_project(), programme=programme, cohort=cohort, by=concierge
        )
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for _ in range(5):
        services.incubation_start(
            project=make_project(), programme=programme, cohort="C", by=concierge
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- A project's incubation ------------------------------------------------------------------


def test_the_board_shows_stages_checklist_and_canvas(
    login: Any,
    project_lead: Any,
    incubation: Any,
    mentor: Any,
) -> None:
    page = login(project_lead).get(_detail(incubation))
    assert page.status_code == 200
    assert b'data-state="current"' in page.content
    assert b'data-testid="canvas-grid"' in page.content
    assert f'data-mentor="{mentor.pk}"'.encode() in page.content
    assert b'data-testid="advance-form"' not in page.content


def test_the_board_runs_a_fixed_number_of_queries(
    login: Any,
    project_lead: Any,
    incubation: Any,
    concierge: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(concierge)
    url = _detail(incubation)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    tick_all(incubation, project_lead)
    services.canvas_save(
        canvas=incubation.canvas, blocks={"channels": "x"}, base_revision=0, by=project_lead
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_project_not_in_incubation_is_a_404(login: Any, project_lead: Any, project: Any) -> None:
    assert login(project_lead).get(f"/projets/{project.slug}/incubation/").status_code == 404


def test_the_checklist_toggles_over_htmx(
    login: Any,
    project_lead: Any,
    incubation: Any,
) -> None:
    item = incubation.stage.items.first()
    url = reverse("incubation:checklist-toggle", args=[incubation.project.slug, item.pk])
    client = login(project_lead)
    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="checklist"' in response.content
    assert b"<html" not in response.content
    assert ChecklistTick.objects.filter(item=item).exists()
    assert client.post(url, {"done": "0"}).status_code == 302
    assert not ChecklistTick.objects.exists()


def test_a_contributor_cannot_tick(
    login: Any,
    contributor: Any,
    incubation: Any,
) -> None:
    item = incubation.stage.items.first()
    url = reverse("incubation:checklist-toggle", args=[incubation.project.slug, item.pk])
    assert login(contributor).post(url, {"done": "1"}).status_code == 403
    assert not ChecklistTick.objects.exists()


def test_ticking_a_later_stage_is_refused(
    login: Any,
    project_lead: Any,
    incubation: Any,
    programme: Any,
) -> None:
    item = programme.stages.get(position=3).items.first()
    url = reverse("incubation:checklist-toggle", args=[incubation.project.slug, item.pk])
    response = login(project_lead).post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert b'data-testid="checklist-error"' in response.content
    assert login(project_lead).post(url, {"done": "1"}).status_code == 422
    assert not ChecklistTick.objects.exists()


def test_advancing_needs_the_checklist_or_the_override(
    login: Any,
    concierge: Any,
    incubation: Any,
) -> None:
    client = login(concierge)
    url = reverse("incubation:stage-advance", args=[incubation.project.slug])
    refused = client.post(url)
    assert refused.status_code == 409
    assert (
        escape(
            gettext("The checklist of this stage is not complete. A concierge may advance anyway.")
        )
        in refused.content.decode()
    )
    assert client.post(url, {"override": "1"}).status_code == 302
    incubation.refresh_from_db()
    assert incubation.stage.position == 2


def test_a_lead_cannot_advance(login: Any, project_lead: Any, incubation: Any) -> None:
    url = reverse("incubation:stage-advance", args=[incubation.project.slug])
    assert login(project_lead).post(url, {"override": "1"}).status_code == 403


def test_a_concierge_adds_a_mentor_by_email(
    login: Any,
    concierge: Any,
    incubation: Any,
    person: Any,
) -> None:
    client = login(concierge)
    url = reverse("incubation:mentor-add", args=[incubation.project.slug])
    assert client.post(url, {"email": "personne@example.org"}).status_code == 422
    assert client.post(url, {"email": person.email.upper()}).status_code == 302
    assert ProjectMember.objects.get(person=person).role == "mentor"
    remove = reverse("incubation:mentor-remove", args=[incubation.project.slug, person.pk])
    assert client.post(remove).status_code == 302
    assert not ProjectMember.objects.filter(person=person).exists()


# --- The canvas ------------------------------------------------------------------------------


def _canvas_post(base: int, **blocks: str) -> dict[str, Any]:
    return {"base_revision": base, **blocks}


def test_a_mentor_edits_the_canvas(login: Any, mentor: Any, incubation: Any) -> None:
    client = login(mentor)
    url = reverse("incubation:canvas-edit", args=[incubation.project.slug])
    form = client.get(url)
    assert form.status_code == 200
    assert b'name="base_revision"' in form.content
    response = client.post(url, _canvas_post(0, channels="Les marchés", key_partners="La Mairie"))
    assert response.status_code == 302
    canvas = Canvas.objects.get()
    assert (canvas.revision, canvas.channels) == (1, "Les marchés")


def test_a_stale_save_shows_the_conflict_and_keeps_the_text(
    login: Any,
    mentor: Any,
    project_lead: Any,
    incubation: Any,
) -> None:
    url = reverse("incubation:canvas-edit", args=[incubation.project.slug])
    login(mentor).post(url, _canvas_post(0, channels="Le site"))
    response = login(project_lead).post(url, _canvas_post(0, channels="Le bouche à oreille"))
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="conflict"' in body
    assert 'data-block="channels"' in body
    assert "<ins>" in body
    assert "Le bouche à oreille" in body  # their text stays in the form
    assert 'name="base_revision" value="1"' in body
    assert Canvas.objects.get().channels == "Le site"
    again = login(project_lead).post(url, _canvas_post(1, channels="Le bouche à oreille"))
    assert again.status_code == 302
    assert CanvasRevision.objects.count() == 2


def test_a_too_long_block_is_a_422(login: Any, project_lead: Any, incubation: Any) -> None:
    url = reverse("incubation:canvas-edit", args=[incubation.project.slug])
    response = login(project_lead).post(url, _canvas_post(0, channels="x" * 5000))
    assert response.status_code == 422
    assert login(project_lead).post(url, {"channels": "x"}).status_code == 422
    assert not CanvasRevision.objects.exists()


def test_a_contributor_reads_but_does_not_edit_the_canvas(
    login: Any,
    contributor: Any,
    incubation: Any,
) -> None:
    client = login(contributor)
    assert client.get(_detail(incubation)).status_code == 200
    url = reverse("incubation:canvas-edit", args=[incubation.project.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, _canvas_post(0, channels="x")).status_code == 403


def test_the_history_page_shows_the_diffs(
    login: Any,
    project_lead: Any,
    incubation: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for number, text in enumerate(["Un fablab", "Un fablab <script>alert(1)</script>"]):
        services.canvas_save(
            canvas=incubation.canvas,
            blocks={"channels": text},
            base_revision=number,
            by=project_lead,
        )
    client = login(project_lead)
    url = reverse("incubation:canvas-history", args=[incubation.project.slug])
    with django_assert_max_num_queries(10):
        page = client.get(url + "?page=abc")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-revision="2"' in body and 'data-revision="1"' in body
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
