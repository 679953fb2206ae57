"""Creating and editing offers: permanent concierges of the place (network admins for network
offers); bad input is a 422 with field errors and nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.access.models import Plan
from comptoir.access.tests.factories import PlanFactory, subscription_plan, ticket_book_plan
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


def create_url(place):
    return reverse("access:plan-create", args=[place.slug])


def edit_url(plan):
    return reverse("access:plan-edit", args=[plan.pk])


def book_data(**changes):
    values = {
        "kind": "ticket_book",
        "name": "Carnet 10 demi-journées",
        "description": "Pour venir quand on veut.",
        "price": "80",
        "vat_rate_bp": "2000",
        "tickets": "10",
        "ticket_unit": "half_day",
        "validity_months": "12",
        "network_wide": "on",
        "is_active": "on",
        "position": "1",
    }
    values.update(changes)
    return values


# --- Who may --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(create_url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("nomad", 403),
        ("occasional_concierge", 403),
        ("sister_concierge", 403),
        ("concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_permanent_concierges_of_the_place_create_offers(login, request, place, who, status):
    assert login(request.getfixturevalue(who)).get(create_url(place)).status_code == status


def test_a_refused_post_saves_nothing(login, occasional_concierge, place):
    assert login(occasional_concierge).post(create_url(place), book_data()).status_code == 403
    assert not Plan.objects.exists()


def test_an_unknown_place_is_a_404(concierge_client):
    assert concierge_client.get("/lieux/nulle-part/offres/nouvelle/").status_code == 404


# --- Creating -------------------------------------------------------------------------------------


def test_the_form_shows_the_fields_of_the_chosen_kind(concierge_client, place):
    form = concierge_client.get(create_url(place), {"kind": "subscription"}).context["form"]
    assert {"holder", "seats", "included_room_hours", "commitment_months"} <= set(form.fields)
    assert "tickets" not in form.fields
    form = concierge_client.get(create_url(place)).context["form"]
    assert {"tickets", "ticket_unit", "validity_months", "network_wide"} <= set(form.fields)
    assert "holder" not in form.fields and "for_network" not in form.fields
    form = concierge_client.get(create_url(place), {"kind": "discovery"}).context["form"]
    assert "price" not in form.fields


def test_changing_the_kind_with_htmx_returns_the_form_partial(concierge_client, place):
    response = concierge_client.get(
        create_url(place), {"kind": "day_pass"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="plan-form"')
    assert "<html" not in body


def test_a_permanent_concierge_creates_a_ticket_book_offer(concierge_client, place):
    response = concierge_client.post(create_url(place), book_data(price="80"))
    assert response.status_code == 302
    assert response["Location"] == reverse("access:plan-list", args=[place.slug])
    plan = Plan.objects.get()
    assert (plan.place, plan.network, plan.kind) == (place, None, Plan.Kind.TICKET_BOOK)
    assert (plan.price_cents, plan.tickets, plan.ticket_unit) == (8000, 10, "half_day")
    assert plan.network_wide and plan.is_active and plan.position == 1
    assert AuditEvent.objects.filter(verb="plan.created").exists()


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("12,50", 1250), ("12.5", 1250), ("1 200", 120000), ("0", 0), ("7,05 €", 705)],
)
def test_prices_are_typed_in_euros(concierge_client, place, typed, cents):
    assert concierge_client.post(create_url(place), book_data(price=typed)).status_code == 302
    assert Plan.objects.get().price_cents == cents


def test_a_subscription_offer_for_a_structure(concierge_client, place):
    data = {
        "kind": "subscription",
        "name": "Résident structure",
        "price": "250",
        "vat_rate_bp": "2000",
        "holder": "organization",
        "seats": "3",
        "included_room_hours": "4",
        "commitment_months": "6",
        "is_active": "on",
        "position": "0",
    }
    assert concierge_client.post(create_url(place), data).status_code == 302
    plan = Plan.objects.get()
    assert (plan.holder, plan.seats, plan.included_room_hours) == ("organization", 3, 4)
    assert (plan.commitment_months, plan.price_cents, plan.tickets) == (6, 25000, 0)


def test_a_discovery_visit_is_free(concierge_client, place):
    data = {"kind": "discovery", "name": "Découverte", "is_active": "on", "position": "0"}
    assert concierge_client.post(create_url(place), data).status_code == 302
    assert Plan.objects.get().price_cents == 0


def test_a_network_admin_may_create_an_offer_of_the_whole_network(login, superuser, place):
    response = login(superuser).post(create_url(place), book_data(for_network="on"))
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.place, plan.network) == (None, place.network)


def test_a_concierge_cannot_create_a_network_offer(concierge_client, place):
    assert concierge_client.post(create_url(place), book_data(for_network="on")).status_code == 302
    assert Plan.objects.get().place == place  # the box is not offered, so it is ignored


def _refused(response, field, status=422):
    assert response.status_code == status
    assert field in response.context["form"].errors, response.context["form"].errors
    return response.context["form"].errors[field]


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("abc", "Enter a price in euros, for example 80 or 12,50."),
        ("-5", "The price cannot be negative."),
        ("12,505", "Enter a price in euros, for example 80 or 12,50."),
        ("", "This field is required."),
    ],
)
def test_a_bad_price_is_a_field_error(concierge_client, place, price, message):
    response = concierge_client.post(create_url(place), book_data(price=price), headers=ENGLISH)
    assert _refused(response, "price") == [message]
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_a_ticket_book_needs_tickets(concierge_client, place):
    _refused(concierge_client.post(create_url(place), book_data(tickets="0")), "tickets")
    assert not Plan.objects.exists()


def test_an_unknown_kind_is_refused(concierge_client, place):
    response = concierge_client.post(create_url(place), book_data(kind="abonnement-a-vie"))
    _refused(response, "kind")
    assert not Plan.objects.exists()


def test_a_missing_name_is_a_field_error(concierge_client, place):
    _refused(concierge_client.post(create_url(place), book_data(name="")), "name")
    assert not Plan.objects.exists()


# --- Editing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("occasional_concierge", 403),
        ("sister_concierge", 403),
        ("concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_permanent_concierges_of_the_place_edit_its_offers(login, request, place, who, status):
    plan = ticket_book_plan(place)
    assert login(request.getfixturevalue(who)).get(edit_url(plan)).status_code == status


def test_editing_an_unknown_offer_is_a_404(concierge_client):
    assert concierge_client.get("/offres/999999/modifier/").status_code == 404


def test_the_edit_form_shows_the_price_in_euros(concierge_client, place):
    plan = ticket_book_plan(place, price_cents=1250)
    form = concierge_client.get(edit_url(plan)).context["form"]
    assert form.initial["price"] in ("12,50", "12.50")
    assert "kind" not in form.fields


def test_a_permanent_concierge_edits_an_offer(concierge_client, place):
    plan = ticket_book_plan(place, name="Carnet", price_cents=8000)
    data = book_data(name="Carnet solidaire", price="60", network_wide="")
    data.pop("kind")
    response = concierge_client.post(edit_url(plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.name, plan.price_cents, plan.network_wide) == ("Carnet solidaire", 6000, False)


def test_the_edit_returns_to_the_page_it_came_from(concierge_client, place):
    plan = ticket_book_plan(place)
    data = book_data(next="/lieux/ailleurs/offres/")
    response = concierge_client.post(edit_url(plan), data)
    assert response["Location"] == "/lieux/ailleurs/offres/"
    data["next"] = "https://evil.example.org/"
    response = concierge_client.post(edit_url(plan), data)
    assert response["Location"] == reverse("access:plan-list", args=[place.slug])


def test_a_bad_edit_saves_nothing(concierge_client, place):
    plan = ticket_book_plan(place, name="Carnet", price_cents=8000)
    response = concierge_client.post(edit_url(plan), book_data(name="Autre", price="abc"))
    _refused(response, "price")
    plan.refresh_from_db()
    assert (plan.name, plan.price_cents) == ("Carnet", 8000)


def test_a_refused_edit_saves_nothing(login, sister_concierge, place):
    plan = ticket_book_plan(place, name="Carnet")
    response = login(sister_concierge).post(edit_url(plan), book_data(name="Piraté"))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.name == "Carnet"


def test_only_network_admins_edit_a_network_offer(login, concierge, superuser, place):
    plan = PlanFactory(place=None, network=place.network, name="Carnet réseau")
    assert login(concierge).get(edit_url(plan)).status_code == 403
    assert (
        login(superuser).post(edit_url(plan), book_data(name="Carnet du réseau")).status_code == 302
    )
    plan.refresh_from_db()
    assert plan.name == "Carnet du réseau"


def test_an_unlisted_vat_rate_is_kept_on_edit(concierge_client, place):
    plan = subscription_plan(place, vat_rate_bp=850)
    form = concierge_client.get(edit_url(plan)).context["form"]
    assert 850 in dict(form.fields["vat_rate_bp"].choices)
