from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from comptoir.bookings.exceptions import OutsideOpeningHours, SlotTaken
from comptoir.bookings.models import Booking
from comptoir.bookings.tests.factories import QualificationFactory
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

DAY = f"{MONDAY:%Y-%m-%d}"


def url(resource) -> str:
    return reverse("bookings:book", args=[resource.place.slug, resource.slug])


def form(start: str = "10:00", end: str = "11:00", **extra: str) -> dict[str, str]:
    return {"start": f"{DAY}T{start}", "end": f"{DAY}T{end}", "title": "", **extra}


def in_french(message) -> str:
    """The message as the page shows it (French, HTML-escaped)."""
    with translation.override("fr"):
        return escape(str(message))


def test_anonymous_visitors_are_sent_to_log_in(client, room):
    response = client.get(url(room))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_resource_is_404(login, resident, place):
    path = reverse("bookings:book", args=[place.slug, "nothing"])
    assert login(resident).get(path).status_code == 404


def test_the_form_is_prefilled_from_the_chosen_slot(login, resident, room):
    response = login(resident).get(url(room), {"debut": f"{DAY}T10:00", "fin": f"{DAY}T10:30"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{DAY}T10:00"' in body and f'value="{DAY}T10:30"' in body
    assert 'type="datetime-local"' in body and "<label" in body


def test_a_bad_prefill_leaves_the_form_empty(login, resident, room):
    response = login(resident).get(url(room), {"debut": "n'importe quoi"})
    assert response.status_code == 200


def test_the_first_step_shows_the_quote_and_saves_nothing(login, resident, room):
    room.hourly_price_cents = 1200
    room.save()
    response = login(resident).post(url(room), form("10:00", "11:30"))
    assert response.status_code == 200
    quote = response.context["quote"]
    assert quote.price_cents == 1800 and quote.tickets == 0
    body = response.content.decode()
    assert "18,00" in body
    assert 'name="confirm" value="on"' in body
    assert Booking.objects.count() == 0


def test_confirming_books_and_redirects_to_the_week(login, resident, room):
    response = login(resident).post(url(room), form(title="Réunion", confirm="on"))
    booking = Booking.objects.get()
    assert (booking.person, booking.start, booking.end) == (
        resident,
        at(MONDAY, 10),
        at(MONDAY, 11),
    )
    assert booking.title == "Réunion"
    assert response.status_code == 302
    year, week, _ = MONDAY.isocalendar()
    assert response["Location"].endswith(f"?semaine={year}-W{week:02d}")


def test_a_partner_structure_can_be_chosen(login, resident, room):
    structure = OrganizationFactory(name="Coop Ouverte")
    AffiliationFactory(person=resident, organization=structure)
    room.partners.add(structure)
    room.partner_hourly_cents = 600
    room.save()
    client = login(resident)
    assert "Coop Ouverte" in client.get(url(room)).content.decode()
    response = client.post(url(room), form(organization=str(structure.pk), confirm="on"))
    assert response.status_code == 302
    assert Booking.objects.get().organization == structure


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (form("11:00", "10:00"), 422),  # end before start
        (form("19:00", "20:00"), 422),  # outside opening hours
        ({"start": "demain", "end": f"{DAY}T11:00"}, 422),  # not a date
        (form("10:10", "11:00"), 422),  # not on a slot
    ],
)
@pytest.mark.parametrize("confirm", ["", "on"])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    login, resident, room, data, status, confirm
):
    response = login(resident).post(url(room), {**data, "confirm": confirm})
    assert response.status_code == status
    body = response.content.decode()
    # Said once (issue 14): under its field (a shape error), or in the alert next to the
    # form (a rule's refusal).
    alert = response.context["error"]
    assert 'class="alert error" role="alert"' in body and body.count(escape(alert)) == 1
    problem = response.context["form"].first_error() or alert
    assert body.count(escape(problem)) == 1, body
    assert Booking.objects.count() == 0


def test_outside_opening_hours_says_so(login, resident, room):
    response = login(resident).post(url(room), form("17:30", "18:30", confirm="on"))
    assert response.status_code == 422
    assert in_french(OutsideOpeningHours.default_message) in response.content.decode()


def test_an_overlap_is_409_and_saves_nothing(login, resident, room, place):
    book(room, resident, at(MONDAY, 10))
    second = member(place, first_name="Bob")
    for confirm in ("", "on"):
        response = login(second).post(url(room), form("10:30", "11:30", confirm=confirm))
        assert response.status_code == 409
        assert in_french(SlotTaken.default_message) in response.content.decode()
    assert Booking.objects.count() == 1


def test_a_machine_needs_the_training(login, resident, laser, training):
    response = login(resident).post(url(laser), form(confirm="on"))
    assert response.status_code == 403
    body = response.content.decode()
    # Said once, in the alert above the form (a screen reader announces it once), with the
    # way to ask for the training next to it.
    assert body.count(training.name) == 1 and 'role="alert"' in body
    ask = reverse("bookings:training-request", args=[laser.place.slug, training.pk])
    assert f'action="{ask}"' in body
    assert Booking.objects.count() == 0
    QualificationFactory(person=resident, training=training)
    assert login(resident).post(url(laser), form(confirm="on")).status_code == 302


def test_travellers_cannot_book_that_far_ahead(login, traveller, room):
    response = login(traveller).post(url(room), form())
    assert response.status_code == 422
    assert Booking.objects.count() == 0


def test_non_members_may_not_book(login, person, room):
    response = login(person).post(url(room), form(confirm="on"))
    assert response.status_code == 403
    assert Booking.objects.count() == 0


def test_get_and_post_only(login, resident, room):
    assert login(resident).put(url(room)).status_code == 405


def test_the_week_link_leads_to_a_working_form(login, resident, room):
    client = login(resident)
    start = at(MONDAY, 9)
    response = client.get(url(room), {"debut": f"{DAY}T09:00", "fin": f"{DAY}T09:30"})
    assert response.status_code == 200
    assert response.context["form"].initial["start"] == start
    assert response.context["form"].initial["end"] == start + dt.timedelta(minutes=30)


@pytest.mark.parametrize("partners", [1, 5])
def test_query_count_is_pinned(login, resident, room, django_assert_num_queries, partners):
    for _ in range(partners):
        structure = OrganizationFactory()
        AffiliationFactory(person=resident, organization=structure)
        room.partners.add(structure)
    client = login(resident)
    with django_assert_num_queries(6):
        response = client.get(url(room), {"debut": f"{DAY}T10:00", "fin": f"{DAY}T11:00"})
    assert response.status_code == 200


def test_people_without_a_partner_structure_see_no_structure_field(login, resident, room):
    body = login(resident).get(url(room)).content.decode()
    assert 'name="organization"' not in body
