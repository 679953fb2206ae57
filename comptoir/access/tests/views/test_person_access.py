"""A person's books, ledger and subscriptions for the concierges, with a balance correction."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from comptoir.access.exceptions import InsufficientBalance, InvalidQuantity, MissingReason
from comptoir.access.models import TicketMovement
from comptoir.access.services import balance
from comptoir.access.tests.factories import subscription_plan, ticket_book_plan
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

pytestmark = pytest.mark.django_db


def url(place, person):
    return reverse("access:person-access", args=[place.slug, person.pk])


@pytest.fixture
def book(person, place, concierge):
    return buy_book(person, place=place, by=concierge, name="Carnet 10 journées")


def correction(book, quantity="2", reason="Oubli au passage du 3 mars"):
    return {"book": str(book.pk), "quantity": str(quantity), "reason": reason}


def movements(book):
    return list(TicketMovement.objects.filter(book=book).values_list("kind", "quantity"))


# --- Who may --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, place, person):
    response = client.get(url(place, person))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("nomad", 403),
        ("sister_concierge", 403),
        ("other_concierge", 403),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_concierges_of_the_place_see_a_persons_access(
    login, request, place, person, who, status
):
    PlaceRoleFactory(person=person, place=place, role=Role.TRAVELLER)
    assert login(request.getfixturevalue(who)).get(url(place, person)).status_code == status


def test_a_person_foreign_to_the_concierges_places_is_refused(concierge_client, place, person):
    # No role, visit, booking, registration or purchase here: their access is not hers to read.
    assert concierge_client.get(url(place, person)).status_code == 403


def test_the_page_is_for_the_desk_not_for_the_person(member_client, place, person):
    assert member_client.get(url(place, person)).status_code == 403


def test_an_unknown_person_or_place_is_a_404(concierge_client, place, person):
    assert concierge_client.get(f"/lieux/{place.slug}/personnes/999999/acces/").status_code == 404
    assert (
        concierge_client.get(f"/lieux/nulle-part/personnes/{person.pk}/acces/").status_code == 404
    )


def test_a_refused_correction_saves_nothing(login, sister_concierge, place, book):
    response = login(sister_concierge).post(url(place, book.person), correction(book))
    assert response.status_code == 403
    assert movements(book) == [("purchase", 10)]


# --- What it shows --------------------------------------------------------------------------------


def test_it_shows_the_books_their_ledger_and_the_subscriptions(
    concierge_client, concierge, place, person, book
):
    buy(subscription_plan(place, name="Résident mensuel"), place=place, by=concierge, person=person)
    response = concierge_client.get(url(place, person))
    body = response.content.decode()
    assert "Carnet 10 journées" in body and "Résident mensuel" in body
    assert book.expires_on.strftime("%d/%m/%Y") in body
    assert response.context["books"][0].balance == 10
    assert [m.quantity for m in response.context["movements"]] == [10]
    assert reverse("access:sell", args=[place.slug]) + f"?person={person.pk}" in body


def test_only_books_the_correction_service_allows_are_offered(
    concierge_client, place, sister_place, foreign_place, superuser, person
):
    """A book is corrected by a concierge of the place that sold it: a network book sold by
    a sister place is listed, but not offered, and posting it changes nothing."""
    here = buy_book(person, place=place, by=superuser)
    sister_wide = buy_book(person, place=sister_place, by=superuser, network_wide=True)
    sister_only = buy_book(person, place=sister_place, by=superuser)
    foreign = buy_book(person, place=foreign_place, by=superuser, network_wide=True)
    response = concierge_client.get(url(place, person))
    assert {book.pk for book in response.context["books"]} == {
        here.pk,
        sister_wide.pk,
        sister_only.pk,
        foreign.pk,
    }
    offered = {value for value, _label in response.context["form"].fields["book"].choices}
    assert offered == {here.pk}
    for book in (sister_wide, sister_only, foreign):
        response = concierge_client.post(url(place, person), correction(book))
        assert response.status_code == 422
        assert "book" in response.context["form"].errors
        assert movements(book) == [("purchase", 10)]


def test_a_concierge_of_the_selling_place_corrects_a_network_book_there(
    login, sister_place, sister_concierge, superuser, person
):
    book = buy_book(person, place=sister_place, by=superuser, network_wide=True)
    client = login(sister_concierge)
    form = client.get(url(sister_place, person)).context["form"]
    assert {value for value, _label in form.fields["book"].choices} == {book.pk}
    assert client.post(url(sister_place, person), correction(book)).status_code == 302
    assert movements(book) == [("purchase", 10), ("correction", 2)]


def test_a_concierge_of_both_places_may_correct_what_either_place_sold_from_either_desk(
    login, place, sister_place, sister_concierge, superuser, person
):
    from comptoir.community.tests.factories import PlaceRoleFactory

    PlaceRoleFactory(person=sister_concierge, place=place, role="concierge_permanent")
    wide = buy_book(person, place=sister_place, by=superuser, network_wide=True)
    sister_only = buy_book(person, place=sister_place, by=superuser)
    client = login(sister_concierge)
    form = client.get(url(place, person)).context["form"]
    assert {value for value, _label in form.fields["book"].choices} == {wide.pk, sister_only.pk}
    assert client.post(url(place, person), correction(sister_only)).status_code == 302
    assert movements(sister_only) == [("purchase", 10), ("correction", 2)]


# --- Correcting -----------------------------------------------------------------------------------


def test_a_concierge_corrects_a_balance(concierge_client, concierge, place, person, book):
    response = concierge_client.post(url(place, person), correction(book, "+2"))
    assert response.status_code == 302
    assert response["Location"] == url(place, person)
    movement = TicketMovement.objects.get(book=book, kind="correction")
    assert (movement.quantity, movement.reason, movement.by, movement.place) == (
        2,
        "Oubli au passage du 3 mars",
        concierge,
        place,
    )
    assert balance(book) == 12


def test_tickets_may_be_removed(concierge_client, place, person, book):
    assert concierge_client.post(url(place, person), correction(book, -10)).status_code == 302
    assert balance(book) == 0


def _refused(response, field, status):
    assert response.status_code == status
    errors = response.context["form"].errors
    assert field in errors, errors
    return errors[field]


def test_going_below_zero_is_a_conflict(concierge_client, place, person, book):
    response = concierge_client.post(url(place, person), correction(book, -11))
    assert _refused(response, "quantity", 409) == [str(InsufficientBalance.default_message)]
    assert escape(str(InsufficientBalance.default_message)) in response.content.decode()
    assert movements(book) == [("purchase", 10)]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(concierge_client, place, person, book, reason):
    response = concierge_client.post(url(place, person), correction(book, reason=reason))
    assert _refused(response, "reason", 422) == [str(MissingReason.default_message)]
    assert movements(book) == [("purchase", 10)]


def test_zero_is_not_a_correction(concierge_client, place, person, book):
    response = concierge_client.post(url(place, person), correction(book, 0))
    assert _refused(response, "quantity", 422) == [str(InvalidQuantity.default_message)]


@pytest.mark.parametrize("quantity", ["abc", "", "1.5", "100000"])
def test_a_bad_quantity_is_a_field_error(concierge_client, place, person, book, quantity):
    _refused(concierge_client.post(url(place, person), correction(book, quantity)), "quantity", 422)
    assert movements(book) == [("purchase", 10)]


def test_a_book_of_someone_else_is_refused(concierge_client, concierge, place, person, book):
    someone = PersonFactory()
    PlaceRoleFactory(person=someone, place=place, role=Role.TRAVELLER)
    response = concierge_client.post(url(place, someone), correction(book))
    _refused(response, "book", 422)
    assert movements(book) == [("purchase", 10)]


# --- Query count ----------------------------------------------------------------------------------


def _history(person, place, concierge, count):
    for _n in range(count):
        book = buy_book(person, place=place, by=concierge, plan=ticket_book_plan(place))
        use_one_ticket(book, concierge)
        buy(subscription_plan(place), place=place, by=concierge, person=person)


def use_one_ticket(book, concierge):
    from comptoir.access import services

    services.ticket_book_adjust(book=book, quantity=-1, reason="Passage", by=concierge)


@pytest.mark.parametrize("count", [1, 5])
def test_the_query_count_does_not_grow(
    concierge_client, concierge, place, person, django_assert_num_queries, count
):
    _history(person, place, concierge, count)
    # session, user, roles, place, person, whether the person is tied to the concierge's
    # places (the privacy rule), books, ledger count and page, subscriptions and their
    # current periods.
    with django_assert_num_queries(11):
        assert concierge_client.get(url(place, person)).status_code == 200
