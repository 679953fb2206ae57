"""Selling at the desk: concierges only; the price is shown before confirming; refusals are a
4xx with the service's message and nothing sold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.access.exceptions import NotForSale, PlanNotOffered, WrongHolder
from comptoir.access.models import DayPass, Subscription, TicketBook
from comptoir.access.tests.factories import (
    day_pass_plan,
    discovery_plan,
    subscription_plan,
    ticket_book_plan,
)
from comptoir.billing.models import Order, Payment
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def person(place):
    """A member of the place: the sale page finds them by their number."""
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PlaceRoleFactory

    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.NOMAD)
    return member


def url(place):
    return reverse("access:sell", args=[place.slug])


def data(offer, buyer=None, **changes):
    values = {
        "plan": str(offer.pk),
        "person": str(buyer.pk) if buyer is not None else "",
        "organization": "",
        "payment_method": "card",
        "payment_reference": "",
        "starts_on": "",
        "confirm": "1",
    }
    values.update(changes)
    return values


def nothing_sold():
    return not (
        Order.objects.exists()
        or TicketBook.objects.exists()
        or Subscription.objects.exists()
        or DayPass.objects.exists()
    )


# --- Who may --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("nomad", 403),
        ("sister_concierge", 403),
        ("other_concierge", 403),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_concierges_of_the_place_sell(login, request, place, who, status):
    assert login(request.getfixturevalue(who)).get(url(place)).status_code == status


def test_a_refused_seller_sells_nothing(login, nomad, person, place):
    response = login(nomad).post(url(place), data(ticket_book_plan(place), person))
    assert response.status_code == 403
    assert nothing_sold()


def test_an_unknown_place_is_a_404(concierge_client):
    assert concierge_client.get("/lieux/nulle-part/ventes/nouvelle/").status_code == 404


# --- The form -------------------------------------------------------------------------------------


def test_it_offers_the_active_sellable_offers_with_their_prices(concierge_client, place):
    book = ticket_book_plan(place, name="Carnet 10", price_cents=8000)
    ticket_book_plan(place, name="Ancien carnet", is_active=False)
    discovery = discovery_plan(place)
    body = concierge_client.get(url(place)).content.decode()
    assert f'value="{book.pk}"' in body and "Carnet 10" in body and "80,00\u00a0€" in body
    assert "Ancien carnet" not in body
    assert f'value="{discovery.pk}"' not in body


def test_the_person_and_the_offer_are_prefilled_from_the_address(concierge_client, place, person):
    plan = ticket_book_plan(place)
    response = concierge_client.get(url(place), {"person": person.pk, "plan": plan.pk})
    form = response.context["form"]
    assert form.initial["person"] == str(person.pk) and form.initial["plan"] == plan.pk
    assert response.context["prefilled_person"] == person
    body = response.content.decode()
    assert person.display_name in body
    assert f'value="{plan.pk}"' in body


def test_it_shows_the_price_before_confirming_and_sells_nothing_yet(
    concierge_client, place, person
):
    plan = day_pass_plan(place, name="Pass journée", price_cents=1250)
    values = data(plan, person)
    del values["confirm"]
    response = concierge_client.post(url(place), values)
    assert response.status_code == 200
    assert response.context["review"] is True
    body = response.content.decode()
    assert "12,50\u00a0€" in body and 'name="confirm"' in body and person.display_name in body
    # The confirmation carries the same choices.
    assert f'name="plan" value="{plan.pk}"' in body and f'value="{person.pk}"' in body
    assert nothing_sold()


def test_change_goes_back_to_the_form(concierge_client, place, person):
    values = data(ticket_book_plan(place), person, edit="1")
    del values["confirm"]
    response = concierge_client.post(url(place), values)
    assert response.status_code == 200 and response.context["review"] is False
    assert nothing_sold()


# --- Selling --------------------------------------------------------------------------------------


def test_a_concierge_sells_a_ticket_book_and_lands_on_the_receipt(concierge_client, place, person):
    plan = ticket_book_plan(place, price_cents=8000)
    response = concierge_client.post(
        url(place), data(plan, person, payment_method="cheque", payment_reference="CHQ 42")
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("billing:order-detail", args=[order.pk])
    assert (order.buyer, order.place, order.total_cents, order.status) == (
        person,
        place,
        8000,
        Order.Status.PAID,
    )
    payment = Payment.objects.get()
    assert (payment.method, payment.reference, payment.amount_cents) == ("cheque", "CHQ 42", 8000)
    assert TicketBook.objects.get().person == person


def test_the_person_may_be_given_by_email(concierge_client, place):
    buyer = PersonFactory(email="lea@example.org")
    response = concierge_client.post(
        url(place), data(ticket_book_plan(place), person="Lea@Example.org")
    )
    assert response.status_code == 302
    assert Order.objects.get().buyer == buyer


def test_a_day_pass_for_a_later_day(concierge_client, place, person):
    day = timezone.localdate() + dt.timedelta(days=3)
    response = concierge_client.post(
        url(place), data(day_pass_plan(place), person, starts_on=day.isoformat())
    )
    assert response.status_code == 302
    assert DayPass.objects.get().valid_on == day


def test_a_subscription_of_a_structure(concierge_client, place):
    organization = OrganizationFactory(slug="openscop")
    plan = subscription_plan(place, holder="organization", seats=3)
    response = concierge_client.post(url(place), data(plan, organization="openscop"))
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.organization, subscription.person, subscription.seats) == (
        organization,
        None,
        3,
    )


def test_an_offer_of_the_network_is_sold_in_each_place(concierge_client, place, person):
    from comptoir.access.tests.factories import PlanFactory

    plan = PlanFactory(place=None, network=place.network)
    assert concierge_client.post(url(place), data(plan, person)).status_code == 302
    assert TicketBook.objects.get().place == place


# --- Refusals -------------------------------------------------------------------------------------


def _refused(response, field, status=422):
    assert response.status_code == status
    errors = response.context["form"].errors
    assert field in errors, errors
    assert nothing_sold()
    return errors[field]


def test_an_unknown_person_is_a_field_error(concierge_client, place):
    response = concierge_client.post(
        url(place), data(ticket_book_plan(place), person="nobody@example.org"), headers=ENGLISH
    )
    message = "No account has this email or number. The person must sign up first."
    assert _refused(response, "person") == [message]
    assert message in response.content.decode()


def test_an_unknown_person_number_is_a_field_error(concierge_client, place):
    _refused(
        concierge_client.post(url(place), data(ticket_book_plan(place), person="999999")), "person"
    )


def test_a_person_is_needed_for_a_book(concierge_client, place):
    _refused(concierge_client.post(url(place), data(ticket_book_plan(place))), "person")


def test_an_offer_of_another_place_is_refused(concierge_client, place, sister_place, person):
    response = concierge_client.post(url(place), data(ticket_book_plan(sister_place), person))
    assert _refused(response, "plan") == [str(PlanNotOffered.default_message)]


def test_an_offer_of_another_network_is_refused(concierge_client, place, foreign_place, person):
    response = concierge_client.post(url(place), data(ticket_book_plan(foreign_place), person))
    assert _refused(response, "plan") == [str(PlanNotOffered.default_message)]


def test_an_offer_no_longer_on_sale_is_refused(concierge_client, place, person):
    plan = ticket_book_plan(place, is_active=False)
    assert _refused(concierge_client.post(url(place), data(plan, person)), "plan")


def test_the_discovery_visit_is_not_sold(concierge_client, place, person):
    response = concierge_client.post(url(place), data(discovery_plan(place), person))
    assert _refused(response, "plan") == [str(NotForSale.default_message)]


def test_an_unknown_offer_is_a_field_error(concierge_client, place, person):
    response = concierge_client.post(
        url(place), data(ticket_book_plan(place), person, plan="999999")
    )
    _refused(response, "plan")


def test_no_offer_chosen_is_a_field_error(concierge_client, place, person):
    response = concierge_client.post(url(place), data(ticket_book_plan(place), person, plan=""))
    _refused(response, "plan")


def test_a_payment_method_is_needed(concierge_client, place, person):
    response = concierge_client.post(
        url(place), data(ticket_book_plan(place), person, payment_method="bitcoin")
    )
    _refused(response, "payment_method")


def test_a_structure_subscription_needs_its_structure(concierge_client, place, person):
    plan = subscription_plan(place, holder="organization")
    response = concierge_client.post(url(place), data(plan, person))
    assert _refused(response, "organization")
    assert response.context["form"].errors["organization"] != [str(WrongHolder.default_message)]


def test_an_unknown_structure_is_a_field_error(concierge_client, place):
    plan = subscription_plan(place, holder="organization")
    _refused(concierge_client.post(url(place), data(plan, organization="inconnue")), "organization")


def test_a_start_in_the_past_is_refused(concierge_client, place, person):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = concierge_client.post(
        url(place), data(day_pass_plan(place), person, starts_on=yesterday.isoformat())
    )
    _refused(response, "starts_on")


def test_a_bad_date_is_a_field_error(concierge_client, place, person):
    response = concierge_client.post(
        url(place), data(day_pass_plan(place), person, starts_on="demain")
    )
    _refused(response, "starts_on")


# --- Privacy: numbers find only the people tied to the places the concierge serves ----------


def _stranger():
    """Someone with a role in another network's place only: nothing ties them here."""
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PlaceRoleFactory
    from comptoir.places.tests.factories import PlaceFactory

    stranger = PersonFactory(first_name="Zélie", last_name="Lointaine")
    PlaceRoleFactory(person=stranger, place=PlaceFactory(), role=Role.NOMAD)
    return stranger


def test_a_number_does_not_show_someone_tied_only_elsewhere(concierge_client, place):
    stranger = _stranger()
    response = concierge_client.get(url(place), {"person": stranger.pk})
    assert response.context["prefilled_person"] is None
    assert "Lointaine" not in response.content.decode()
    assert stranger.email not in response.content.decode()
    _refused(concierge_client.post(url(place), data(ticket_book_plan(place), stranger)), "person")


def test_their_email_sells_to_them(concierge_client, place):
    stranger = _stranger()
    response = concierge_client.post(
        url(place), data(ticket_book_plan(place), person=stranger.email.upper())
    )
    assert response.status_code == 302
    assert TicketBook.objects.get().person == stranger


def test_a_token_from_the_desk_sells_to_whom_the_desk_found(concierge_client, place):
    from comptoir.core.desk_tokens import person_token

    stranger = _stranger()
    response = concierge_client.get(url(place), {"person": person_token(stranger.pk)})
    assert response.context["prefilled_person"] == stranger
    forged = person_token(stranger.pk)[:-2] + "xx"
    assert concierge_client.get(url(place), {"person": forged}).context["prefilled_person"] is None
