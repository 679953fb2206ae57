"""Issue 13, point 1: each input that got a 500 when Comptoir was probed, on the demo network.

The standing, generated fuzz is tests/test_fuzz_inputs.py; these are the cases as reported,
each with the answer a person or a client should get instead."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from comptoir.community.models import Person
from comptoir.devtools.demo.places import MAIN_PLACE

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.fixture
def demo(db: Any) -> None:
    call_command("comptoir_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123


def client_for(email: str | None) -> Client:
    client = Client()
    if email:
        client.force_login(Person.objects.get(email=email))
    return client


def test_a_nul_in_any_search_or_filter_is_refused_with_a_400(demo: None) -> None:
    concierge = client_for("claire@comptoir.test")
    searches = [
        "/communaute/?q=",
        "/communaute/?skill=",
        "/projets/?q=",
        "/projets/?place=",
        "/structures/?q=",
        f"/lieux/{MAIN_PLACE}/accueil/?q=",
        f"/lieux/{MAIN_PLACE}/roles/?q=",
        f"/lieux/{MAIN_PLACE}/roles/?role=",
        f"/lieux/{MAIN_PLACE}/journal/?actor=",
        f"/lieux/{MAIN_PLACE}/journal/?verb=",
    ]
    for url in searches:
        response = concierge.get(url + "nina%00")
        assert response.status_code == 400, url
        assert "ne peut pas être enregistré" in response.content.decode(), url
    anonymous = client_for(None)
    assert anonymous.get("/communaute/?q=%00").status_code == 400


def test_the_refusal_is_translated_and_names_no_internals(demo: None) -> None:
    response = client_for(None).get("/projets/?q=%00")
    page = response.content.decode()
    assert response.status_code == 400
    assert "ne peut pas être enregistré" in page


def test_a_nul_in_the_card_scan_and_desk_forms_is_refused(demo: None) -> None:
    concierge = client_for("claire@comptoir.test")
    scan = concierge.post(f"/lieux/{MAIN_PLACE}/accueil/scan/", {"card": "abc", "q": NUL})
    assert scan.status_code == 400
    arrival = concierge.post(
        f"/lieux/{MAIN_PLACE}/accueil/arrivee/", {"person": "1", "q": "ni" + NUL}
    )
    assert arrival.status_code == 400


def test_the_api_answers_a_nul_with_its_422_error_shape(demo: None) -> None:
    response = client_for(None).get("/api/v1/people?q=%00")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_params"
    assert list(body["fields"]) == ["q"]


def test_days_outside_the_supported_range_are_refused_not_crashed(demo: None) -> None:
    concierge = client_for("claire@comptoir.test")
    for day in ("9999-12-31", "0001-01-01"):
        response = concierge.get(f"/lieux/{MAIN_PLACE}/reservations/?jour={day}")
        assert response.status_code == 400, day
        report = concierge.get(f"/lieux/{MAIN_PLACE}/rapport-activite/?du=2026-01-01&au={day}")
        assert report.status_code == 400, day
        assert "1900" in report.content.decode()
        for export in ("csv", "xlsx"):
            url = f"/lieux/{MAIN_PLACE}/rapport-activite.{export}?du=2026-01-01&au={day}"
            assert concierge.get(url).status_code == 400, url


def test_a_sale_starting_in_year_9999_is_a_form_error(demo: None) -> None:
    from comptoir.access.models import Plan

    concierge = client_for("claire@comptoir.test")
    plan = Plan.objects.filter(place__slug=MAIN_PLACE).first()
    assert plan is not None
    response = concierge.post(
        f"/lieux/{MAIN_PLACE}/ventes/nouvelle/",
        {
            "plan": plan.pk,
            "person": "nina@comptoir.test",
            "payment_method": "cash",
            "starts_on": "9999-12-31",
        },
    )
    assert response.status_code == 422  # the sale form's answer to any form error
    assert "1900" in response.content.decode()


def test_the_api_refuses_dates_outside_the_supported_range(demo: None) -> None:
    anonymous = client_for(None)
    for query in ("to=9999-12-31", "from=0001-01-01", "from=9999-12-31T23:00:00-05:00"):
        response = anonymous.get(f"/api/v1/events?{query}")
        assert response.status_code == 422, query
        assert response.json()["code"] == "invalid_params"
    start = "0001-01-01T10:00:00+01:00"
    end = "0001-01-02T10:00:00+01:00"
    response = anonymous.get(f"/api/v1/places/{MAIN_PLACE}/availability?start={start}&end={end}")
    assert response.status_code == 422


def test_lone_surrogates_in_json_are_refused_with_the_field_named(demo: None) -> None:
    from comptoir.agenda.models import Event

    event = Event.objects.filter(cancelled_at__isnull=True).order_by("-start").first()
    assert event is not None
    raw = '{"name": "\\ud800", "email": "x@example.org"}'
    response = client_for(None).post(
        f"/api/v1/events/{event.pk}/registrations", raw, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_body"
    assert list(response.json()["fields"]) == ["name"]
    member = client_for("nina@comptoir.test")
    raw = '{"bio": "ok \\u0000 then"}'
    response = member.patch("/api/v1/people/me", raw, content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["bio"]


def test_a_huge_contribution_quantity_is_a_422(demo: None) -> None:
    from comptoir.projects.models import Project

    project = Project.objects.order_by("pk").first()
    assert project is not None
    member = client_for("nina@comptoir.test")
    for quantity in ("1e30", "1E+30", 1e30, "NaN", "Infinity"):
        body = {"kind": "money", "description": "x", "quantity": quantity}
        body["happened_on"] = "2026-01-01"
        response = member.post(
            f"/api/v1/projects/{project.slug}/contributions",
            json.dumps(body),
            content_type="application/json",
        )
        assert response.status_code == 422, quantity


def test_an_event_capacity_of_a_trillion_is_refused(demo: None) -> None:
    from comptoir.agenda.models import Event

    event = Event.objects.filter(place__slug=MAIN_PLACE).order_by("pk").first()
    assert event is not None
    concierge = client_for("claire@comptoir.test")
    response = concierge.patch(
        f"/api/v1/events/{event.pk}",
        json.dumps({"capacity": 10**12}),
        content_type="application/json",
    )
    assert response.status_code == 422
    event.refresh_from_db()
    assert event.capacity != 10**12
