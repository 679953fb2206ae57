"""The incubator's API: programmes and their stages, incubations by cohort with their
checklist, the canvas and its revisions. Who reads and who writes (anonymous, outsider,
member, porteur, mentor, concierge of the place or of another place), every refusal as a
4xx `{code, detail}` with nothing saved, and pinned query counts on the lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from comptoir.api.tests.agenda_support import api_for, put
from comptoir.api.tests.conftest import BASE, assert_error
from comptoir.incubator import services
from comptoir.incubator.models import CanvasRevision, ChecklistTick, Incubation, Programme
from comptoir.incubator.tests import conftest as incubator_fixtures
from comptoir.incubator.tests.conftest import tick_all
from comptoir.projects.tests import conftest as project_fixtures

project_lead, make_project, project, contributor = (
    project_fixtures.project_lead,
    project_fixtures.make_project,
    project_fixtures.project,
    project_fixtures.contributor,
)
programme, incubation, mentor = (
    incubator_fixtures.programme,
    incubator_fixtures.incubation,
    incubator_fixtures.mentor,
)
pytestmark = pytest.mark.django_db


def delete(api: Any, path: str) -> Any:
    return api.client.delete(BASE + path, headers=api.headers)


@pytest.fixture
def who(request: Any, person: Any, nomad: Any, concierge: Any, other_concierge: Any) -> Any:
    """api(name) -> a client for one of the people the tests speak of."""

    def make(name: str) -> Any:
        if name == "anonymous":
            return anonymous()
        return api_for(request.getfixturevalue(name))

    return make


def anonymous() -> Any:
    from comptoir.api.tests.conftest import ApiClient

    return ApiClient()


def stage_ids(body: dict) -> list[int]:
    return [stage["id"] for stage in body["stages"]]


# --- Programmes -----------------------------------------------------------------------------


def test_a_member_lists_the_place_programmes_with_their_stages(
    place: Any, programme: Programme, nomad: Any
) -> None:
    response = api_for(nomad).get(f"/places/{place.slug}/programmes")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["place"], item["template"], item["is_active"]) == (
        programme.pk,
        place.slug,
        "incubateur",
        True,
    )
    assert [s["position"] for s in item["stages"]] == [1, 2, 3, 4]
    assert [len(s["items"]) for s in item["stages"]] == [3, 3, 3, 3]


@pytest.mark.parametrize(
    ("name", "status"),
    [("anonymous", 401), ("person", 403), ("other_concierge", 403), ("nomad", 200)],
)
def test_who_reads_the_programmes(
    place: Any, programme: Programme, who: Any, name: str, status: int
) -> None:
    api = who(name)
    for path in (
        f"/places/{place.slug}/programmes",
        f"/programmes/{programme.pk}",
        f"/programmes/{programme.pk}/cohorts",
        f"/places/{place.slug}/incubations",
    ):
        response = api.get(path)
        if status == 200:
            assert response.status_code == 200, (path, response.content)
        else:
            assert_error(response, status)


def test_unknown_places_and_programmes_are_404(concierge: Any) -> None:
    api = api_for(concierge)
    assert_error(api.get("/places/nulle-part/programmes"), 404, "not_found")
    assert_error(api.get("/programmes/999999"), 404, "not_found")
    assert_error(api.get("/places/nulle-part/incubations"), 404, "not_found")
    assert_error(api.get("/incubations/999999"), 404, "not_found")


def test_the_programme_list_costs_the_same_queries_whatever_their_number(
    place: Any, concierge: Any, nomad: Any, django_assert_num_queries: Any
) -> None:
    api = api_for(nomad)
    services.programme_create(place=place, template="bm48h", by=concierge)
    api.get(f"/places/{place.slug}/programmes")
    with django_assert_num_queries(6):
        assert api.get(f"/places/{place.slug}/programmes").status_code == 200
    for n in range(3):
        services.programme_create(place=place, template="incubateur", name=f"P{n}", by=concierge)
    with django_assert_num_queries(6):
        response = api.get(f"/places/{place.slug}/programmes")
    assert response.json()["count"] == 4


def test_a_concierge_creates_and_updates_a_programme(place: Any, concierge: Any) -> None:
    api = api_for(concierge)
    response = api.post(
        f"/places/{place.slug}/programmes",
        {"template": "bm48h", "name": "Week-end", "description": "Deux jours"},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["name"], len(created["stages"])) == ("Week-end", 4)

    response = api.patch(f"/programmes/{created['id']}", {"is_active": False, "name": "WE"})
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["is_active"]) == ("WE", False)
    assert response.json()["description"] == "Deux jours"


@pytest.mark.parametrize("name", ["nomad", "other_concierge", "person", "anonymous"])
def test_only_the_place_concierges_create_or_change_programmes(
    place: Any, programme: Programme, who: Any, name: str
) -> None:
    api = who(name)
    expected = 401 if name == "anonymous" else 403
    assert_error(api.post(f"/places/{place.slug}/programmes", {"template": "bm48h"}), expected)
    assert_error(api.patch(f"/programmes/{programme.pk}", {"name": "Non"}), expected)
    assert Programme.objects.count() == 1
    programme.refresh_from_db()
    assert programme.name != "Non"


def test_bad_programmes_are_422(place: Any, programme: Programme, concierge: Any) -> None:
    api = api_for(concierge)
    path = f"/places/{place.slug}/programmes"
    assert_error(api.post(path, {"template": "nope"}), 422, "invalid_body")
    assert_error(api.post(path, {"template": "bm48h", "extra": 1}), 422, "invalid_body")
    assert_error(api.post(path, {"template": "incubateur", "name": programme.name}), 422, "invalid")
    assert_error(api.patch(f"/programmes/{programme.pk}", {"name": None}), 422, "invalid_body")
    assert_error(api.patch(f"/programmes/{programme.pk}", {"name": ""}), 422, "invalid_body")
    assert Programme.objects.count() == 1


def test_the_cohorts_of_a_programme(
    programme: Programme, incubation: Incubation, make_project: Any, concierge: Any, nomad: Any
) -> None:
    other = make_project(title="Autre")
    services.incubation_start(project=other, programme=programme, by=concierge)

    response = api_for(nomad).get(f"/programmes/{programme.pk}/cohorts")

    assert response.status_code == 200, response.content
    assert response.json()["items"] == [
        {"label": "", "in_progress": 1, "finished": 0},
        {"label": "Cohorte automne 2026", "in_progress": 1, "finished": 0},
    ]


# --- Stages and checklists ------------------------------------------------------------------


def test_a_concierge_edits_the_stages_and_their_checklists(
    programme: Programme, concierge: Any
) -> None:
    api = api_for(concierge)
    added = api.post(f"/programmes/{programme.pk}/stages", {"name": "Essaimage"})
    assert added.status_code == 201, added.content
    new_id = stage_ids(added.json())[-1]
    first_id = stage_ids(added.json())[0]

    renamed = api.patch(f"/stages/{new_id}", {"description": "Partager"})
    assert renamed.json()["stages"][-1]["description"] == "Partager"
    assert renamed.json()["stages"][-1]["name"] == "Essaimage"

    moved = api.post(f"/stages/{new_id}/move", {"direction": "up"})
    assert stage_ids(moved.json())[3] == new_id

    with_item = api.post(f"/stages/{new_id}/items", {"text": "Écrire"})
    assert with_item.status_code == 201
    item_id = with_item.json()["stages"][3]["items"][0]["id"]
    assert api.patch(f"/checklist-items/{item_id}", {"text": "Écrire bien"}).status_code == 200
    first_items = with_item.json()["stages"][0]["items"]
    moved_item = api.post(f"/checklist-items/{first_items[0]['id']}/move", {"direction": "down"})
    assert [i["id"] for i in moved_item.json()["stages"][0]["items"]][:2] == [
        first_items[1]["id"],
        first_items[0]["id"],
    ]
    without_item = delete(api, f"/checklist-items/{item_id}")
    assert without_item.status_code == 200 and without_item.json()["stages"][3]["items"] == []

    removed = delete(api, f"/stages/{new_id}")
    assert removed.status_code == 200, removed.content
    assert len(removed.json()["stages"]) == 4 and stage_ids(removed.json())[0] == first_id
    assert [s["position"] for s in removed.json()["stages"]] == [1, 2, 3, 4]


def test_a_stage_with_projects_or_the_last_one_stays_with_a_409(
    place: Any, programme: Programme, incubation: Incubation, concierge: Any
) -> None:
    api = api_for(concierge)
    assert_error(delete(api, f"/stages/{incubation.stage_id}"), 409, "stage_in_use")
    small = services.programme_create(place=place, template="bm48h", by=concierge)
    stages = list(small.stages.order_by("position"))
    for stage in stages[:-1]:
        services.stage_remove(stage=stage, by=concierge)
    assert_error(delete(api, f"/stages/{stages[-1].pk}"), 409, "last_stage")
    assert programme.stages.count() == 4


@pytest.mark.parametrize("name", ["nomad", "other_concierge", "project_lead", "anonymous"])
def test_only_the_place_concierges_edit_stages(programme: Programme, who: Any, name: str) -> None:
    api = who(name)
    expected = 401 if name == "anonymous" else 403
    stage = programme.stages.first()
    item = stage.items.first()
    assert_error(api.post(f"/programmes/{programme.pk}/stages", {"name": "Non"}), expected)
    assert_error(api.patch(f"/stages/{stage.pk}", {"name": "Non"}), expected)
    assert_error(api.post(f"/stages/{stage.pk}/move", {"direction": "down"}), expected)
    assert_error(delete(api, f"/stages/{stage.pk}"), expected)
    assert_error(api.post(f"/stages/{stage.pk}/items", {"text": "Non"}), expected)
    assert_error(api.patch(f"/checklist-items/{item.pk}", {"text": "Non"}), expected)
    assert_error(delete(api, f"/checklist-items/{item.pk}"), expected)
    assert programme.stages.count() == 4 and stage.items.count() == 3


def test_bad_stage_edits_are_4xx(programme: Programme, concierge: Any) -> None:
    api = api_for(concierge)
    stage = programme.stages.first()
    assert_error(api.post(f"/programmes/{programme.pk}/stages", {"name": ""}), 422)
    assert_error(api.post(f"/programmes/{programme.pk}/stages", {"name": "   "}), 422, "invalid")
    assert_error(api.post(f"/stages/{stage.pk}/move", {"direction": "left"}), 422)
    assert_error(api.post(f"/stages/{stage.pk}/items", {"text": "x" * 301}), 422)
    assert_error(api.post("/stages/999999/items", {"text": "x"}), 404)
    assert_error(api.patch("/checklist-items/999999", {"text": "x"}), 404)
    assert_error(delete(api, "/stages/999999"), 404)
    assert programme.stages.count() == 4 and stage.items.count() == 3


# --- Incubations ----------------------------------------------------------------------------


def test_a_concierge_starts_an_incubation(
    place: Any, programme: Programme, project: Any, concierge: Any
) -> None:
    response = api_for(concierge).post(
        "/incubations",
        {"project": project.slug, "programme": programme.pk, "cohort": "Printemps"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["project"] == {"slug": project.slug, "title": project.title}
    assert (body["cohort"], body["stage"]["position"], body["canvas_revision"]) == (
        "Printemps",
        1,
        0,
    )
    assert [s["state"] for s in body["stages"]] == ["current", "next", "next", "next"]
    assert body["finished_on"] is None


def test_starting_an_incubation_is_refused_cleanly(
    place: Any,
    programme: Programme,
    incubation: Incubation,
    make_project: Any,
    concierge: Any,
    nomad: Any,
    other_concierge: Any,
    sister_place: Any,
    superuser: Any,
) -> None:
    fresh = make_project(title="Neuf")
    body = {"project": fresh.slug, "programme": programme.pk}
    assert_error(api_for(nomad).post("/incubations", body), 403)
    assert_error(api_for(other_concierge).post("/incubations", body), 403)
    assert_error(anonymous().post("/incubations", body), 401)
    api = api_for(concierge)
    again = {"project": incubation.project.slug, "programme": programme.pk}
    assert_error(api.post("/incubations", again), 409, "already_incubated")
    elsewhere = make_project(title="Ailleurs", places=[sister_place], by=superuser)
    assert_error(
        api.post("/incubations", {"project": elsewhere.slug, "programme": programme.pk}), 422
    )
    assert_error(api.post("/incubations", {"project": fresh.slug, "programme": 999999}), 404)
    assert_error(api.post("/incubations", {"project": fresh.slug}), 422, "invalid_body")
    assert_error(api.post("/incubations", {**body, "started_on": "demain"}), 422, "invalid_body")
    assert Incubation.objects.count() == 1


def test_the_incubations_of_a_place_are_filtered(
    place: Any,
    programme: Programme,
    incubation: Incubation,
    make_project: Any,
    concierge: Any,
    nomad: Any,
) -> None:
    other = services.incubation_start(
        project=make_project(title="Autre"), programme=programme, cohort="Hiver", by=concierge
    )
    api = api_for(nomad)

    def ids(**params: Any) -> list[int]:
        response = api.get(f"/places/{place.slug}/incubations", **params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert sorted(ids()) == sorted([incubation.pk, other.pk])
    assert ids(cohort="Hiver") == [other.pk]
    assert ids(programme=programme.pk, finished="false") == ids()
    assert ids(finished="true") == []
    assert_error(api.get(f"/places/{place.slug}/incubations", programme="x"), 422)


def test_the_incubation_list_costs_the_same_queries_whatever_their_number(
    place: Any,
    programme: Programme,
    incubation: Incubation,
    make_project: Any,
    concierge: Any,
    django_assert_num_queries: Any,
) -> None:
    api = api_for(concierge)
    api.get(f"/places/{place.slug}/incubations")
    with django_assert_num_queries(4):
        api.get(f"/places/{place.slug}/incubations")
    for n in range(4):
        services.incubation_start(
            project=make_project(title=f"P{n}"), programme=programme, by=concierge
        )
    with django_assert_num_queries(4):
        response = api.get(f"/places/{place.slug}/incubations")
    assert response.json()["count"] == 5


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 401),
        ("person", 403),
        ("other_concierge", 403),
        ("nomad", 200),
        ("project_lead", 200),
        ("mentor", 200),
        ("concierge", 200),
    ],
)
def test_who_sees_an_incubation(
    incubation: Incubation, mentor: Any, who: Any, name: str, status: int
) -> None:
    api = who(name)
    for path in (
        f"/incubations/{incubation.pk}",
        f"/incubations/{incubation.pk}/canvas",
        f"/incubations/{incubation.pk}/canvas/revisions",
    ):
        response = api.get(path)
        if status == 200:
            assert response.status_code == 200, (path, response.content)
        else:
            assert_error(response, status)


def test_an_outsider_who_is_a_project_member_sees_it(incubation: Incubation, project: Any) -> None:
    from comptoir.community.tests.factories import PersonFactory
    from comptoir.projects.models import ProjectMember

    outsider = PersonFactory()
    ProjectMember.objects.create(
        project=project, person=outsider, role=ProjectMember.Role.CONTRIBUTOR
    )
    assert api_for(outsider).get(f"/incubations/{incubation.pk}").status_code == 200


def test_the_incubation_shows_its_people_and_checklist(
    incubation: Incubation, mentor: Any, project_lead: Any, nomad: Any
) -> None:
    item = incubation.stage.items.order_by("position").first()
    services.checklist_tick(incubation=incubation, item=item, by=project_lead)

    body = api_for(nomad).get(f"/incubations/{incubation.pk}").json()

    assert [p["id"] for p in body["leads"]] == [project_lead.pk]
    assert [p["id"] for p in body["mentors"]] == [mentor.pk]
    first = body["stages"][0]["items"][0]
    assert (first["id"], first["done"], first["done_by"]["id"]) == (item.pk, True, project_lead.pk)
    assert body["stages"][0]["items"][1]["done"] is False


@pytest.mark.parametrize("name", ["project_lead", "mentor", "concierge"])
def test_the_leads_mentors_and_concierges_tick_and_untick(
    incubation: Incubation, mentor: Any, who: Any, name: str
) -> None:
    api = who(name)
    item = incubation.stage.items.order_by("position").first()
    path = f"/incubations/{incubation.pk}/ticks/{item.pk}"

    ticked = put(api, path)
    assert ticked.status_code == 200, ticked.content
    assert ticked.json()["stages"][0]["items"][0]["done"] is True
    assert put(api, path).status_code == 200  # twice changes nothing
    assert ChecklistTick.objects.count() == 1

    unticked = delete(api, path)
    assert unticked.status_code == 200
    assert unticked.json()["stages"][0]["items"][0]["done"] is False
    assert not ChecklistTick.objects.exists()


def test_others_may_not_tick_and_bad_items_are_refused(
    incubation: Incubation, programme: Programme, nomad: Any, other_concierge: Any, place: Any
) -> None:
    item = incubation.stage.items.first()
    path = f"/incubations/{incubation.pk}/ticks/{item.pk}"
    assert_error(put(api_for(nomad), path), 403, "forbidden")
    assert_error(put(api_for(other_concierge), path), 403)
    assert_error(put(anonymous(), path), 401)
    concierge_api = api_for(programme.created_by)
    later = programme.stages.get(position=2).items.first()
    assert_error(put(concierge_api, f"/incubations/{incubation.pk}/ticks/{later.pk}"), 422)
    other = services.programme_create(place=place, template="bm48h", by=programme.created_by)
    foreign = other.stages.first().items.first()
    assert_error(put(concierge_api, f"/incubations/{incubation.pk}/ticks/{foreign.pk}"), 404)
    assert_error(put(concierge_api, f"/incubations/999999/ticks/{item.pk}"), 404)
    assert not ChecklistTick.objects.exists()


def test_the_concierge_advances_the_stage(
    incubation: Incubation, concierge: Any, project_lead: Any
) -> None:
    api = api_for(concierge)
    path = f"/incubations/{incubation.pk}/advance"
    assert_error(api.post(path), 409, "checklist_incomplete")
    assert_error(api_for(project_lead).post(path, {"override": True}), 403)

    forced = api.post(path, {"override": True})
    assert forced.status_code == 200, forced.content
    assert forced.json()["stage"]["position"] == 2

    tick_all(incubation, concierge)
    assert api.post(path).json()["stage"]["position"] == 3
    assert_error(api.post(path, {"override": "yes please"}), 422, "invalid_body")


def test_the_last_stage_finishes_the_incubation(incubation: Incubation, concierge: Any) -> None:
    api = api_for(concierge)
    path = f"/incubations/{incubation.pk}/advance"
    for _stage in range(4):
        response = api.post(path, {"override": True})
    assert response.json()["finished_on"] is not None
    assert_error(api.post(path, {"override": True}), 409, "incubation_finished")


# --- The canvas -----------------------------------------------------------------------------


def test_the_porteur_saves_the_canvas_and_reads_its_revisions(
    incubation: Incubation, project_lead: Any, nomad: Any
) -> None:
    api = api_for(project_lead)
    path = f"/incubations/{incubation.pk}/canvas/revisions"

    first = api.post(path, {"base_revision": 0, "channels": "Le bouche-à-oreille"})
    assert first.status_code == 201, first.content
    assert (first.json()["revision"], first.json()["channels"]) == (1, "Le bouche-à-oreille")
    second = api.post(path, {"base_revision": 1, "cost_structure": "Loyer"})
    assert second.json()["channels"] == "Le bouche-à-oreille"  # left out: kept
    same = api.post(path, {"base_revision": 2, "cost_structure": "Loyer"})
    assert same.status_code == 200 and same.json()["revision"] == 2

    current = api_for(nomad).get(f"/incubations/{incubation.pk}/canvas").json()
    assert (current["revision"], current["cost_structure"]) == (2, "Loyer")
    history = api_for(nomad).get(path).json()
    assert history["count"] == 2
    assert [r["number"] for r in history["items"]] == [2, 1]
    assert history["items"][0]["author"]["id"] == project_lead.pk


def test_a_save_on_an_old_revision_is_a_409_with_what_changed(
    incubation: Incubation, project_lead: Any, mentor: Any
) -> None:
    path = f"/incubations/{incubation.pk}/canvas/revisions"
    api_for(mentor).post(path, {"base_revision": 0, "channels": "Affiches"})

    response = api_for(project_lead).post(path, {"base_revision": 0, "channels": "Radio"})

    body = assert_error(response, 409, "canvas_conflict")
    assert body["current_revision"] == 1
    assert body["changes"] == [{"block": "channels", "before": "", "after": "Affiches"}]
    assert CanvasRevision.objects.count() == 1


def test_bad_canvas_saves_are_refused(
    incubation: Incubation, project_lead: Any, nomad: Any, other_concierge: Any
) -> None:
    path = f"/incubations/{incubation.pk}/canvas/revisions"
    body = {"base_revision": 0, "channels": "x"}
    assert_error(api_for(nomad).post(path, body), 403)
    assert_error(api_for(other_concierge).post(path, body), 403)
    assert_error(anonymous().post(path, body), 401)
    api = api_for(project_lead)
    assert_error(api.post(path, {"base_revision": 5, "channels": "x"}), 422, "invalid")
    assert_error(api.post(path, {"base_revision": -1}), 422, "invalid_body")
    assert_error(api.post(path, {"channels": "x"}), 422, "invalid_body")
    assert_error(api.post(path, {"base_revision": 0, "mood": "x"}), 422, "invalid_body")
    assert_error(api.post(path, {"base_revision": 0, "channels": "x" * 3001}), 422, "invalid")
    assert_error(api.post(path, {"base_revision": 0, "channels": "a\x00b"}), 422)
    assert_error(api.post("/incubations/999999/canvas/revisions", body), 404)
    assert not CanvasRevision.objects.exists()


def test_the_revision_list_costs_the_same_queries_whatever_their_number(
    incubation: Incubation, project_lead: Any, django_assert_num_queries: Any
) -> None:
    api = api_for(project_lead)
    path = f"/incubations/{incubation.pk}/canvas/revisions"
    api.post(path, {"base_revision": 0, "channels": "a"})
    api.get(path)
    with django_assert_num_queries(4):
        api.get(path)
    for n in range(1, 5):
        api.post(path, {"base_revision": n, "channels": "a" * (n + 1)})
    with django_assert_num_queries(4):
        assert api.get(path).json()["count"] == 5


def test_the_session_of_the_browser_works_too(incubation: Incubation, project_lead: Any) -> None:
    client = Client()
    client.force_login(project_lead)
    assert client.get(f"{BASE}/incubations/{incubation.pk}/canvas").status_code == 200


def test_the_openapi_document_lists_the_incubator_with_its_errors() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]

    save = paths["/api/v1/incubations/{incubation_id}/canvas/revisions"]["post"]
    assert {"201", "403", "404", "409", "422"} <= set(save["responses"])
    assert "incubator" in save["tags"]
    assert {"put", "delete"} <= set(paths["/api/v1/incubations/{incubation_id}/ticks/{item_id}"])
    listing = paths["/api/v1/places/{slug}/programmes"]["get"]
    assert {"401", "403", "404"} <= set(listing["responses"])
    assert {p["name"] for p in listing["parameters"]} >= {"limit", "offset"}
