"""/projects and their needs: the public reads (filters, constant query counts), the writes
of members, porteurs and concierges, and every refusal (nothing saved)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.api.tests.agenda_support import api_for
from comptoir.api.tests.conftest import assert_error
from comptoir.community.models import Role, Visibility
from comptoir.community.tests.factories import (
    PersonFactory,
    PersonSkillFactory,
    PlaceRoleFactory,
    SkillFactory,
)
from comptoir.projects.models import JournalEntry, Need, NeedAnswer, Project, ProjectMember
from comptoir.projects.tests import conftest as project_fixtures

project_lead, make_project, project, contributor = (
    project_fixtures.project_lead,
    project_fixtures.make_project,
    project_fixtures.project,
    project_fixtures.contributor,
)
pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def count_queries(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content
    return len(queries)


# --- GET /projects --------------------------------------------------------------------------


def test_anyone_lists_the_projects_with_their_places_and_counts(
    anonymous_api, make_project, place, project_lead
):
    older = make_project(title="Semaine Tiers-Lieux")
    newer = make_project(title="Event42", status=Project.Status.ACTIVE)
    Need.objects.create(project=newer, kind=Need.Kind.PEOPLE, title="Bénévoles")

    response = anonymous_api.get("/projects")

    assert slugs(response) == [newer.slug, older.slug]
    item = response.json()["items"][0]
    assert item["places"] == [{"slug": place.slug, "name": place.name}]
    assert (item["status"], item["open_needs"], item["members"]) == ("actif", 1, 1)
    assert response.json()["count"] == 2


def test_the_projects_are_filtered(anonymous_api, make_project, sister_place, superuser):
    idea = make_project(title="Repair café", summary="Réparer ensemble")
    active = make_project(title="HackerSpace", status=Project.Status.ACTIVE)
    elsewhere = make_project(title="La Cigale", places=[sister_place], by=superuser)
    Need.objects.create(project=idea, kind=Need.Kind.FUNDING, title="Un peu d'argent")

    assert slugs(anonymous_api.get("/projects", status="actif")) == [active.slug]
    assert slugs(anonymous_api.get("/projects", place=sister_place.slug)) == [elsewhere.slug]
    assert slugs(anonymous_api.get("/projects", q="réparer")) == [idea.slug]
    assert slugs(anonymous_api.get("/projects", q="hacker cigale")) == []
    assert slugs(anonymous_api.get("/projects", has_open_needs="true")) == [idea.slug]
    assert slugs(anonymous_api.get("/projects", place="nulle-part")) == []
    assert_error(anonymous_api.get("/projects", status="fini"), 422, "invalid_params")
    assert_error(anonymous_api.get("/projects", limit=0), 422, "invalid_params")


def test_the_list_costs_the_same_queries_whatever_the_number_of_projects(
    anonymous_api, make_project, project_lead
):
    make_project()
    few = count_queries(lambda: anonymous_api.get("/projects"))
    for _n in range(6):
        extra = make_project()
        ProjectMember.objects.create(
            project=extra, person=PersonFactory(), role=ProjectMember.Role.CONTRIBUTOR
        )
        Need.objects.create(project=extra, kind=Need.Kind.PEOPLE, title="Des bras")

    assert count_queries(lambda: anonymous_api.get("/projects")) == few <= 12


# --- GET /projects/{slug} -------------------------------------------------------------------


def test_a_project_shows_its_members_needs_and_journal(
    anonymous_api, project, project_lead, contributor, place
):
    kicad = SkillFactory(name="KiCad", slug="kicad")
    for visibility in (Visibility.PUBLIC, Visibility.PUBLIC, Visibility.HIDDEN):
        someone = PersonFactory(directory_visibility=visibility)
        PlaceRoleFactory(person=someone, place=place, role=Role.NOMAD)
        PersonSkillFactory(person=someone, skill=kicad)
    PersonSkillFactory(person=PersonFactory(directory_visibility=Visibility.PUBLIC), skill=kicad)
    need = Need.objects.create(
        project=project, kind=Need.Kind.SKILL, title="Dessiner le PCB", skill=kicad
    )
    NeedAnswer.objects.create(need=need, person=contributor)
    JournalEntry.objects.create(project=project, author=project_lead, text="Premier *pas*")
    Project.objects.filter(pk=project.pk).update(
        description="Du **texte**<script>alert(1)</script>"
    )

    response = anonymous_api.get(f"/projects/{project.slug}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(m["person"]["id"], m["role"]) for m in body["members"]] == [
        (contributor.pk, "contributeur"),
        (project_lead.pk, "porteur"),
    ]
    [shown] = body["needs"]
    assert (shown["id"], shown["skill"], shown["answers"]) == (
        need.pk,
        {"slug": "kicad", "name": "KiCad"},
        1,
    )
    # Only the people of the project's places whom the caller may see in the directory.
    assert shown["people_with_skill"] == 2
    assert body["journal"][0]["text"] == "Premier *pas*"
    assert "<strong>texte</strong>" in body["description_html"]
    assert "<script" not in body["description_html"]


def test_a_project_page_costs_the_same_queries_whatever_its_size(anonymous_api, project, place):
    skill = SkillFactory()

    def grow(n):
        someone = PersonFactory()
        ProjectMember.objects.create(
            project=project, person=someone, role=ProjectMember.Role.CONTRIBUTOR
        )
        need = Need.objects.create(
            project=project, kind=Need.Kind.SKILL, title=f"Besoin {n}", skill=skill
        )
        NeedAnswer.objects.create(need=need, person=someone)
        JournalEntry.objects.create(project=project, author=someone, text="Nouvelles")

    grow(0)
    few = count_queries(lambda: anonymous_api.get(f"/projects/{project.slug}"))
    for n in range(1, 6):
        grow(n)

    assert count_queries(lambda: anonymous_api.get(f"/projects/{project.slug}")) == few <= 12


def test_an_unknown_project_is_a_404(anonymous_api):
    assert_error(anonymous_api.get("/projects/nulle-part"), 404, "not_found")
    assert_error(anonymous_api.get("/projects/nulle-part/needs"), 404, "not_found")
    assert_error(anonymous_api.get("/projects/pas%20un%20slug"), 422)


# --- POST /projects -------------------------------------------------------------------------


def test_a_member_of_a_place_starts_a_project_and_becomes_its_porteur(nomad, place):
    api = api_for(nomad)
    response = api.post(
        "/projects",
        {
            "title": "Fablab mobile",
            "summary": "Un camion-atelier",
            "description": "# Le camion",
            "licence": "CERN-OHL-S-2.0",
            "code_url": "https://git.example.org/fablab",
            "places": [place.slug],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["slug"], body["status"], body["licence"]) == (
        "fablab-mobile",
        "idee",
        "CERN-OHL-S-2.0",
    )
    assert body["members"] == [
        {"person": {"id": nomad.pk, "display_name": nomad.display_name}, "role": "porteur"}
    ]
    assert body["places"][0]["slug"] == place.slug
    assert Project.objects.get(slug="fablab-mobile").code_url == "https://git.example.org/fablab"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"title": "X"}, 422, "invalid_body", "places"),
        ({"title": "", "places": ["PLACE"]}, 422, "invalid_body", "title"),
        ({"title": "X", "places": []}, 422, "invalid_body", "places"),
        ({"title": "X", "places": ["PLACE"], "colour": "red"}, 422, "invalid_body", "colour"),
        ({"title": "X", "places": ["PLACE"], "status": "fini"}, 422, "invalid_body", "status"),
        ({"title": "X", "places": ["PLACE"], "licence": "WTFPL"}, 422, "invalid_body", "licence"),
        ({"title": "X", "places": ["nulle-part"]}, 422, "invalid", "places"),
        ({"title": "X", "places": ["PLACE"], "site_url": "javascript:alert(1)"}, 422, "invalid",
         "site_url"),
        ({"title": "   ", "places": ["PLACE"]}, 422, "invalid", "title"),
        ({"title": "X", "places": ["SISTER"]}, 422, "place_not_allowed", "places"),
    ],
)  # fmt: skip
def test_bad_projects_are_refused_and_nothing_is_saved(
    nomad, place, sister_place, body, status, code, field
):
    names = {"PLACE": place.slug, "SISTER": sister_place.slug}
    if "places" in body:
        body = {**body, "places": [names.get(slug, slug) for slug in body["places"]]}

    response = api_for(nomad).post("/projects", body)

    error = assert_error(response, status, code)
    assert field in error["fields"]
    assert not Project.objects.exists()


def test_only_members_of_a_place_start_projects(person, anonymous_api, place):
    body = {"title": "X", "places": [place.slug]}
    assert_error(api_for(person).post("/projects", body), 403, "forbidden")
    assert_error(anonymous_api.post("/projects", body), 401, "unauthenticated")
    assert_error(api_for(person).post("/projects", raw="{nope"), 400, "invalid_json")
    assert not Project.objects.exists()


# --- PATCH /projects/{slug} -----------------------------------------------------------------


def test_the_porteur_and_the_concierges_edit_a_project(project, project_lead, concierge):
    Project.objects.filter(pk=project.pk).update(site_url="https://example.org")
    response = api_for(project_lead).patch(
        f"/projects/{project.slug}", {"status": "actif", "site_url": None}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["site_url"]) == ("actif", "")

    response = api_for(concierge).patch(f"/projects/{project.slug}", {"summary": "Neuf"})
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert (project.status, project.summary, project.title) == ("actif", "Neuf", "Fablab mobile")


def test_others_cannot_edit_a_project(project, contributor, nomad, sister_concierge):
    for who in (contributor, nomad, sister_concierge):
        response = api_for(who).patch(f"/projects/{project.slug}", {"title": "Volé"})
        assert_error(response, 403, "forbidden")
    assert_error(api_for(nomad).patch("/projects/nulle-part", {"title": "X"}), 404)
    response = api_for(contributor).patch(f"/projects/{project.slug}", {"title": None})
    assert_error(response, 422, "invalid_body")
    project.refresh_from_db()
    assert project.title == "Fablab mobile"


# --- Needs ----------------------------------------------------------------------------------


def test_the_porteur_asks_for_a_skill_and_sees_who_knows_it(project, project_lead, place):
    kicad = SkillFactory(name="KiCad", slug="kicad")
    for _n in range(3):
        someone = PersonFactory(directory_visibility=Visibility.MEMBERS)
        PlaceRoleFactory(person=someone, place=place, role=Role.NOMAD)
        PersonSkillFactory(person=someone, skill=kicad)
    api = api_for(project_lead)

    response = api.post(
        f"/projects/{project.slug}/needs",
        {"kind": "skill", "title": "Dessiner le PCB", "skill": "kicad"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["skill"]["slug"], body["people_with_skill"]) == (
        "open",
        "kicad",
        3,
    )
    listed = api.get(f"/projects/{project.slug}/needs").json()["items"]
    assert [need["id"] for need in listed] == [body["id"]]

    by_name = api.post(
        f"/projects/{project.slug}/needs",
        {"kind": "skill", "title": "Souder", "skill_name": "Soudure"},
    )
    assert by_name.status_code == 201, by_name.content
    assert by_name.json()["skill"]["name"] == "Soudure"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"kind": "skill", "title": "Sans compétence"}, "invalid", "skill"),
        ({"kind": "skill", "title": "X", "skill": "inconnue"}, "invalid", "skill"),
        ({"kind": "magic", "title": "X"}, "invalid_body", "kind"),
        ({"kind": "people"}, "invalid_body", "title"),
        ({"kind": "people", "title": "X", "urgent": True}, "invalid_body", "urgent"),
    ],
)
def test_bad_needs_are_refused(project, project_lead, body, code, field):
    response = api_for(project_lead).post(f"/projects/{project.slug}/needs", body)

    assert field in assert_error(response, 422, code)["fields"]
    assert not Need.objects.exists()


def test_only_the_editors_of_a_project_add_needs(project, contributor, anonymous_api):
    body = {"kind": "people", "title": "Des bras"}
    assert_error(api_for(contributor).post(f"/projects/{project.slug}/needs", body), 403)
    assert_error(anonymous_api.post(f"/projects/{project.slug}/needs", body), 401)
    assert_error(api_for(contributor).post("/projects/nulle-part/needs", body), 404)
    assert not Need.objects.exists()


def test_someone_offers_help_once_then_the_porteur_closes_the_need(project, project_lead, nomad):
    need = Need.objects.create(project=project, kind=Need.Kind.PEOPLE, title="Des bras")
    helper = api_for(nomad)

    response = helper.post(f"/needs/{need.pk}/answers", {"message": "Je peux aider !"})
    assert response.status_code == 201, response.content
    assert (response.json()["need_id"], response.json()["person"]["id"]) == (need.pk, nomad.pk)
    assert_error(helper.post(f"/needs/{need.pk}/answers"), 409, "already_answered")

    assert_error(helper.post(f"/needs/{need.pk}/close"), 403, "forbidden")
    closed = api_for(project_lead).post(f"/needs/{need.pk}/close", {"met": True})
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["answers"]) == ("met", 1)

    assert_error(api_for(project_lead).post(f"/needs/{need.pk}/close"), 409, "need_not_open")
    late = api_for(PersonFactory()).post(f"/needs/{need.pk}/answers")
    assert_error(late, 409, "need_not_open")
    assert NeedAnswer.objects.count() == 1


def test_bad_answers_and_unknown_needs(project, project_lead, nomad, anonymous_api):
    need = Need.objects.create(project=project, kind=Need.Kind.PEOPLE, title="Des bras")
    assert_error(api_for(nomad).post("/needs/999999/answers"), 404, "not_found")
    assert_error(api_for(project_lead).post("/needs/999999/close"), 404, "not_found")
    assert_error(anonymous_api.post(f"/needs/{need.pk}/answers"), 401)
    too_long = {"message": "x" * 2001}
    assert_error(api_for(nomad).post(f"/needs/{need.pk}/answers", too_long), 422, "invalid_body")
    closing = {"met": "peut-être"}
    assert_error(api_for(project_lead).post(f"/needs/{need.pk}/close", closing), 422)
    assert not NeedAnswer.objects.exists()
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN
