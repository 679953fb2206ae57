"""/contributions and /prestations: logging (pending or proposed), validating, the lists,
the ValueFlows JSON-LD export, and prestations with their distribution statements; every
refusal with its code and nothing half-saved."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyld import jsonld

from comptoir.api.tests.agenda_support import api_for
from comptoir.api.tests.conftest import assert_error
from comptoir.community.tests.factories import PersonFactory
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.projects.tests import conftest as project_fixtures

project_lead, make_project, project, contributor = (
    project_fixtures.project_lead,
    project_fixtures.make_project,
    project_fixtures.project,
    project_fixtures.contributor,
)
pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def hours(quantity="3", **overrides):
    body = {
        "kind": "work",
        "description": "Soudure des cartes",
        "quantity": quantity,
        "happened_on": (TODAY - timedelta(days=2)).isoformat(),
    }
    return {**body, **overrides}


def log(who, project, quantity="3", status=Contribution.Status.PENDING, **fields):
    values = {
        "project": project,
        "contributor": who,
        "kind": Contribution.Kind.WORK,
        "description": "Atelier",
        "quantity": Decimal(quantity),
        "unit": Contribution.Unit.HOUR,
        "happened_on": TODAY - timedelta(days=3),
        "status": status,
    }
    return Contribution.objects.create(**{**values, **fields})


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# --- Logging --------------------------------------------------------------------------------


def test_a_member_logs_hours_that_wait_for_validation(project, contributor):
    response = api_for(contributor).post(f"/projects/{project.slug}/contributions", hours("2.5"))

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["quantity"], body["unit"], body["action"]) == (
        "pending",
        "2.50",
        "hour",
        "work",
    )
    assert (body["project"], body["place"], body["contributor"]["id"]) == (
        project.slug,
        None,
        contributor.pk,
    )


def test_someone_outside_the_project_only_proposes(project, nomad):
    response = api_for(nomad).post(
        f"/projects/{project.slug}/contributions",
        hours("40", kind="money", description="Don pour le camion"),
    )

    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["unit"]) == ("proposed", "euro")


def test_a_gift_to_the_place_itself(place, nomad, person):
    body = {**hours("2", kind="animation", description="Accueil du samedi"), "place": place.slug}

    mine = api_for(nomad).post("/contributions", body)
    stranger = api_for(person).post("/contributions", body)

    assert mine.status_code == 201, mine.content
    assert (mine.json()["place"], mine.json()["status"]) == (place.slug, "pending")
    assert stranger.json()["status"] == "proposed"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (hours("-2"), "bad_quantity", "quantity"),
        (hours("0"), "bad_quantity", "quantity"),
        (hours("25"), "bad_quantity", "quantity"),
        (hours("1.255"), "bad_quantity", "quantity"),
        (hours("1e9"), "bad_quantity", "quantity"),
        (hours("200000", kind="money"), "bad_quantity", "quantity"),
        (hours("beaucoup"), "invalid_body", "quantity"),
        (hours("NaN"), "invalid_body", "quantity"),
        (hours("2", unit="euro"), "bad_unit", "unit"),
        (hours("2", unit="litre"), "invalid_body", "unit"),
        (hours("2", kind="dance"), "invalid_body", "kind"),
        (hours("2", happened_on=(TODAY + timedelta(days=2)).isoformat()), "bad_date",
         "happened_on"),
        (hours("2", happened_on="1999-12-31"), "bad_date", "happened_on"),
        (hours("2", happened_on="hier"), "invalid_body", "happened_on"),
        (hours("2", description="   "), "invalid", "description"),
        (hours("2", description="x" * 301), "invalid_body", "description"),
        (hours("2", place="ici"), "invalid_body", "place"),
        ({"kind": "work"}, "invalid_body", "quantity"),
    ],
)  # fmt: skip
def test_absurd_contributions_are_refused(project, contributor, body, code, field):
    response = api_for(contributor).post(f"/projects/{project.slug}/contributions", body)

    assert field in assert_error(response, 422, code)["fields"]
    assert not Contribution.objects.exists()


def test_logging_needs_an_account_a_known_project_and_a_known_place(project, anonymous_api, nomad):
    assert_error(anonymous_api.post(f"/projects/{project.slug}/contributions", hours()), 401)
    assert_error(api_for(nomad).post("/projects/nulle-part/contributions", hours()), 404)
    to_nowhere = {**hours(), "place": "nulle-part"}
    assert "place" in assert_error(api_for(nomad).post("/contributions", to_nowhere), 422)["fields"]
    assert_error(api_for(nomad).post("/contributions", hours()), 422, "invalid_body")
    assert not Contribution.objects.exists()


# --- Validating -----------------------------------------------------------------------------


def test_the_porteur_validates_and_refuses(project, project_lead, contributor, nomad):
    pending, proposed = log(contributor, project), log(nomad, project, status="proposed")
    api = api_for(project_lead)

    validated = api.post(f"/contributions/{pending.pk}/validate")
    refused = api.post(f"/contributions/{proposed.pk}/refuse")

    assert validated.status_code == 200, validated.content
    assert (validated.json()["status"], validated.json()["validated_by"]["id"]) == (
        "validated",
        project_lead.pk,
    )
    assert refused.json()["status"] == "refused"
    assert_error(api.post(f"/contributions/{pending.pk}/refuse"), 409, "already_decided")
    pending.refresh_from_db()
    assert pending.status == Contribution.Status.VALIDATED


def test_a_concierge_of_the_place_validates_too(project, contributor, concierge, place):
    gift = log(contributor, None, place=place)
    to_project = log(contributor, project)

    for contribution in (gift, to_project):
        response = api_for(concierge).post(f"/contributions/{contribution.pk}/validate")
        assert response.json()["status"] == "validated", response.content


def test_validation_without_the_right_is_forbidden(
    project, project_lead, contributor, sister_concierge, anonymous_api
):
    theirs, own = log(contributor, project), log(project_lead, project)

    for who, contribution in (
        (contributor, theirs),  # a contributor is not a porteur
        (sister_concierge, theirs),  # a concierge of another place
        (project_lead, own),  # nobody validates their own
    ):
        assert_error(api_for(who).post(f"/contributions/{contribution.pk}/validate"), 403)
    assert_error(anonymous_api.post(f"/contributions/{theirs.pk}/validate"), 401)
    assert_error(api_for(project_lead).post("/contributions/999999/validate"), 404)
    assert set(Contribution.objects.values_list("status", flat=True)) == {"pending"}


# --- Lists ----------------------------------------------------------------------------------


def test_who_sees_which_contributions_of_a_project(
    project, project_lead, contributor, nomad, anonymous_api
):
    done = log(contributor, project, status="validated")
    waiting = log(contributor, project)
    proposal = log(nomad, project, status="proposed")

    assert ids(anonymous_api.get(f"/projects/{project.slug}/contributions")) == [done.pk]
    everyone = ids(api_for(project_lead).get(f"/projects/{project.slug}/contributions"))
    assert sorted(everyone) == sorted([done.pk, waiting.pk, proposal.pk])
    assert sorted(ids(api_for(nomad).get(f"/projects/{project.slug}/contributions"))) == sorted(
        [done.pk, proposal.pk]
    )
    filtered = api_for(project_lead).get(
        f"/projects/{project.slug}/contributions", status="pending"
    )
    assert ids(filtered) == [waiting.pk]
    assert_error(anonymous_api.get("/projects/nulle-part/contributions"), 404)
    assert_error(anonymous_api.get(f"/projects/{project.slug}/contributions", status="x"), 422)


def test_my_history_and_my_queue(project, project_lead, contributor, concierge, place):
    mine = log(contributor, project, status="validated")
    to_place = log(contributor, None, place=place)
    other = log(project_lead, project)

    assert sorted(ids(api_for(contributor).get("/contributions", mine="true"))) == sorted(
        [mine.pk, to_place.pk]
    )
    assert ids(api_for(project_lead).get("/contributions", mine="false")) == []
    assert ids(api_for(contributor).get("/contributions", mine="false")) == []
    queue = ids(api_for(concierge).get("/contributions", mine="false"))
    assert sorted(queue) == sorted([to_place.pk, other.pk])
    log(contributor, project, happened_on=TODAY - timedelta(days=10))
    assert len(ids(api_for(project_lead).get("/contributions", mine="false"))) == 1
    assert_error(api_for(contributor).get("/contributions", mine="peut-être"), 422)


def test_the_lists_cost_the_same_queries_whatever_their_length(project, contributor):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            api_for(contributor).get(f"/projects/{project.slug}/contributions")
            api_for(contributor).get("/contributions")
        return len(queries)

    log(contributor, project, status="validated")
    few = cost()
    for _n in range(5):
        log(PersonFactory(), project, status="validated", validated_by=contributor)
        log(contributor, project)
    assert cost() == few


# --- JSON-LD --------------------------------------------------------------------------------


def test_a_project_exports_its_validated_contributions_as_valueflows_jsonld(
    project, contributor, nomad, anonymous_api
):
    log(contributor, project, "2.5", status="validated")
    log(nomad, project, "40", status="validated", kind="money", unit="euro")
    log(contributor, project, "9")  # pending: not exported

    response = anonymous_api.get(f"/projects/{project.slug}/contributions.jsonld")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    expanded = jsonld.expand(document)
    vf = "https://w3id.org/valueflows/ont/vf#"
    events = [node for node in expanded if f"{vf}EconomicEvent" in node.get("@type", [])]
    assert sorted(e[f"{vf}action"][0]["@id"] for e in events) == [f"{vf}transfer", f"{vf}work"]
    assert_error(anonymous_api.get("/projects/nulle-part/contributions.jsonld"), 404)


# --- Prestations ----------------------------------------------------------------------------


def prestation_body(**overrides):
    body = {
        "title": "Formation au numérique",
        "client": "Mairie",
        "revenue_cents": 100_001,
        "delivered_on": TODAY.isoformat(),
        "period_start": (TODAY - timedelta(days=30)).isoformat(),
        "period_end": TODAY.isoformat(),
        "commons_share_bp": 2000,
    }
    return {**body, **overrides}


@pytest.fixture
def hours_given(project, contributor, project_lead):
    log(contributor, project, "2", status="validated")
    log(project_lead, project, "1", status="validated")
    log(contributor, project, "5")  # still pending: not counted


def test_a_concierge_records_a_prestation_and_previews_its_statement(
    place, concierge, project, contributor, project_lead, hours_given
):
    api = api_for(concierge)
    response = api.post(f"/places/{place.slug}/prestations", prestation_body(project=project.slug))

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["project"], body["place"]) == ("draft", project.slug, place.slug)
    statement = body["statement"]
    assert not statement["validated"]
    lines = {(line["person"] or {}).get("id"): line["amount_cents"] for line in statement["lines"]}
    # 20 % to the commons, the rest 2:1 between the two people; the cents add up exactly.
    assert lines == {None: 20_000, contributor.pk: 53_334, project_lead.pk: 26_667}
    assert statement["total_cents"] == sum(lines.values()) == 100_001
    assert not Share.objects.exists()

    listed = api.get(f"/places/{place.slug}/prestations")
    assert [item["id"] for item in listed.json()["items"]] == [body["id"]]


def test_validating_freezes_the_statement(
    place, concierge, contributor, project_lead, hours_given, nomad
):
    api = api_for(concierge)
    pk = api.post(f"/places/{place.slug}/prestations", prestation_body()).json()["id"]

    assert_error(api_for(nomad).post(f"/prestations/{pk}/validate"), 403, "forbidden")
    validated = api.post(f"/prestations/{pk}/validate")
    assert validated.status_code == 200, validated.content
    assert (validated.json()["status"], validated.json()["statement"]["validated"]) == (
        "validated",
        True,
    )
    assert Share.objects.filter(prestation_id=pk).count() == 3

    # Editing a validated distribution: refused, nothing changes.
    assert_error(api.patch(f"/prestations/{pk}", {"revenue_cents": 5}), 409, "statement_locked")
    assert_error(api.post(f"/prestations/{pk}/validate"), 409, "statement_locked")
    assert Prestation.objects.get(pk=pk).revenue_cents == 100_001

    # Each person sees their share; others do not see the prestation at all.
    mine = api_for(contributor).get(f"/prestations/{pk}")
    assert mine.status_code == 200, mine.content
    [share] = api_for(contributor).get("/shares").json()["items"]
    assert (share["prestation_id"], share["amount_cents"], share["weighted_hours"]) == (
        pk,
        53_334,
        "2.00",
    )
    assert api_for(nomad).get("/shares").json()["items"] == []
    assert_error(api_for(nomad).get(f"/prestations/{pk}"), 404)


def test_a_draft_is_edited_and_its_preview_follows(place, concierge, hours_given):
    api = api_for(concierge)
    pk = api.post(f"/places/{place.slug}/prestations", prestation_body()).json()["id"]

    response = api.patch(f"/prestations/{pk}", {"commons_share_bp": 10_000, "title": "Atelier"})

    assert response.status_code == 200, response.content
    lines = response.json()["statement"]["lines"]
    assert [(line["person"] is None, line["amount_cents"]) for line in lines] == [
        (True, 100_001),
        (False, 0),
        (False, 0),
    ]
    assert response.json()["title"] == "Atelier"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"revenue_cents": -100}, "bad_prestation", "revenue_cents"),
        ({"revenue_cents": 0}, "bad_prestation", "revenue_cents"),
        ({"revenue_cents": 10**12}, "bad_prestation", "revenue_cents"),
        ({"commons_share_bp": 10_001}, "bad_prestation", "commons_share_bp"),
        ({"commons_share_bp": -1}, "bad_prestation", "commons_share_bp"),
        ({"period_start": TODAY.isoformat(), "period_end": "2020-01-01"}, "bad_prestation",
         "period_end"),
        ({"weights": {"work": 11}}, "bad_prestation", "weights"),
        ({"weights": {"money": 1}}, "bad_prestation", "weights"),
        ({"weights": {"work": "lourd"}}, "invalid_body", "weights.work"),
        ({"title": ""}, "invalid_body", "title"),
        ({"project": "pas-a-nous"}, "invalid", "project"),
        ({"revenue_cents": "cher"}, "invalid_body", "revenue_cents"),
        ({"bonus": 1}, "invalid_body", "bonus"),
    ],
)  # fmt: skip
def test_bad_prestations_are_refused(place, concierge, overrides, code, field):
    response = api_for(concierge).post(
        f"/places/{place.slug}/prestations", prestation_body(**overrides)
    )

    assert field in assert_error(response, 422, code)["fields"]
    assert not Prestation.objects.exists()


def test_only_the_concierges_manage_prestations(place, nomad, sister_concierge, anonymous_api):
    for who in (nomad, sister_concierge):
        api = api_for(who)
        assert_error(api.post(f"/places/{place.slug}/prestations", prestation_body()), 403)
        assert_error(api.get(f"/places/{place.slug}/prestations"), 403)
    assert_error(anonymous_api.get(f"/places/{place.slug}/prestations"), 401)
    assert_error(api_for(nomad).get("/places/nulle-part/prestations"), 404)
    assert_error(api_for(nomad).get("/prestations/999999"), 404)
    assert_error(api_for(nomad).post("/prestations/999999/validate"), 404)
    assert not Prestation.objects.exists()
