from __future__ import annotations

import pytest

from comptoir.access import services as access
from comptoir.access.models import TicketMovement
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def book_of(person, place, concierge, **plan_fields):
    sale = access.plan_sell(
        plan=ticket_book_plan(place, **plan_fields),
        place=place,
        by=concierge,
        person=person,
        payment_method="cash",
    )
    assert sale.ticket_book is not None
    return sale.ticket_book


def test_a_person_lists_their_ticket_books_with_their_balance(member_api, place, concierge, person):
    book = book_of(person, place, concierge, network_wide=True)
    access.ticket_book_adjust(book=book, quantity=-2, reason="Oubli", by=concierge)
    book_of(PersonFactory(), place, concierge)  # someone else's

    body = member_api.get("/ticket-books").json()

    assert [b["id"] for b in body["items"]] == [book.pk]
    row = body["items"][0]
    assert (row["balance"], row["tickets"], row["place"], row["network"]) == (
        8,
        10,
        place.slug,
        place.network.slug,
    )
    assert row["plan"]["name"] == "Carnet 10 journées"


def test_a_concierge_lists_the_ticket_books_of_a_person(concierge_api, place, concierge, person):
    book = book_of(person, place, concierge)

    body = concierge_api.get("/ticket-books", person_id=person.pk).json()

    assert [b["id"] for b in body["items"]] == [book.pk]
    assert concierge_api.get("/ticket-books").json()["count"] == 0


def test_a_member_may_not_list_the_books_of_others(member_api, place, concierge):
    other = PersonFactory()
    book_of(other, place, concierge)

    assert_error(member_api.get("/ticket-books", person_id=other.pk), 403, "forbidden")
    assert_error(member_api.get("/ticket-books", person_id=999999), 403, "forbidden")


def test_listing_the_books_of_an_unknown_person_is_a_field_error(concierge_api):
    body = assert_error(concierge_api.get("/ticket-books", person_id=999999), 422)

    assert "person_id" in body["fields"]
    assert_error(concierge_api.get("/ticket-books", person_id="abc"), 422, "invalid_params")


def test_listing_books_needs_an_account(anonymous_api):
    assert_error(anonymous_api.get("/ticket-books"), 401)


def test_it_pins_the_query_count_of_the_book_list(
    member_api, place, concierge, person, django_assert_num_queries
):
    member_api.get("/people/me")  # record the token's use first
    book_of(person, place, concierge)
    # token, count, page
    with django_assert_num_queries(3):
        assert member_api.get("/ticket-books").json()["count"] == 1
    admin = PersonFactory(is_superuser=True)
    for _ in range(4):
        book_of(person, PlaceFactory(), admin)
    with django_assert_num_queries(3):
        assert member_api.get("/ticket-books").json()["count"] == 5


def test_the_holder_and_a_concierge_read_a_book(
    member_api, concierge_api, place, concierge, person
):
    book = book_of(person, place, concierge)

    mine = member_api.get(f"/ticket-books/{book.pk}").json()

    assert (mine["id"], mine["balance"], mine["person"]["id"]) == (book.pk, 10, person.pk)
    assert concierge_api.get(f"/ticket-books/{book.pk}").json() == mine


def test_others_do_not_see_a_book(member_api, anonymous_api, place, concierge):
    book = book_of(PersonFactory(), place, concierge)

    assert_error(member_api.get(f"/ticket-books/{book.pk}"), 404)
    assert_error(member_api.get(f"/ticket-books/{book.pk}/movements"), 404)
    assert_error(anonymous_api.get(f"/ticket-books/{book.pk}"), 401)
    assert_error(anonymous_api.get(f"/ticket-books/{book.pk}/movements"), 401)
    assert_error(member_api.get("/ticket-books/999999"), 404)
    assert_error(member_api.get("/ticket-books/999999/movements"), 404)


def test_the_holder_reads_the_ledger_newest_first(member_api, place, concierge, person):
    book = book_of(person, place, concierge)
    correction = access.ticket_book_adjust(book=book, quantity=-1, reason="Erreur", by=concierge)

    body = member_api.get(f"/ticket-books/{book.pk}/movements").json()

    assert body["count"] == 2
    first = body["items"][0]
    assert (first["id"], first["kind"], first["quantity"], first["reason"]) == (
        correction.pk,
        "correction",
        -1,
        "Erreur",
    )
    assert first["by"]["id"] == concierge.pk and first["place"] == place.slug
    assert body["items"][1]["kind"] == "purchase"
    limited = member_api.get(f"/ticket-books/{book.pk}/movements", limit=1, offset=1).json()
    assert [m["kind"] for m in limited["items"]] == ["purchase"]


def test_a_concierge_of_the_selling_place_corrects_a_balance(
    concierge_api, place, concierge, person
):
    book = book_of(person, place, concierge)

    response = concierge_api.post(
        f"/ticket-books/{book.pk}/corrections", {"quantity": 2, "reason": "Geste commercial"}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["quantity"], body["reason"], body["by"]["id"]) == (
        "correction",
        2,
        "Geste commercial",
        concierge.pk,
    )
    assert access.balance(book) == 12


def test_a_correction_below_zero_is_a_409_and_saves_nothing(
    concierge_api, place, concierge, person
):
    book = book_of(person, place, concierge)

    response = concierge_api.post(
        f"/ticket-books/{book.pk}/corrections", {"quantity": -11, "reason": "Trop"}
    )

    assert_error(response, 409, "insufficient_balance")
    assert access.balance(book) == 10
    assert book.movements.count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"quantity": 0, "reason": "Rien"}, "invalid_quantity"),
        ({"quantity": 1}, "missing_reason"),
        ({"quantity": 1, "reason": "   "}, "missing_reason"),
        ({"quantity": "un", "reason": "Texte"}, "invalid_body"),
        ({"quantity": "1", "reason": "Texte"}, "invalid_body"),
        ({"quantity": 1.5, "reason": "Texte"}, "invalid_body"),
        ({"quantity": 10**12, "reason": "Texte"}, "invalid_body"),
        ({"reason": "Texte"}, "invalid_body"),
        ({"quantity": 1, "reason": "Texte", "kind": "refund"}, "invalid_body"),
        ({"quantity": 1, "reason": "x" * 201}, "invalid_body"),
    ],
)
def test_a_bad_correction_is_a_422_and_saves_nothing(
    concierge_api, place, concierge, person, body, code
):
    book = book_of(person, place, concierge)

    assert_error(concierge_api.post(f"/ticket-books/{book.pk}/corrections", body), 422, code)

    assert book.movements.count() == 1


def test_the_holder_may_not_correct_their_book(member_api, place, concierge, person):
    book = book_of(person, place, concierge)

    response = member_api.post(
        f"/ticket-books/{book.pk}/corrections", {"quantity": 5, "reason": "Moi"}
    )

    assert_error(response, 403, "forbidden")
    assert access.balance(book) == 10


def test_a_concierge_of_another_place_may_not_correct_a_book(
    other_concierge, other_concierge_api, place, concierge, person
):
    book = book_of(person, place, concierge)
    # The holder is known there too (a traveller of her place): she sees the book, yet the
    # correction belongs to the place that sold it.
    PlaceRoleFactory(person=person, place=other_concierge.place_roles.get().place, role="traveller")

    response = other_concierge_api.post(
        f"/ticket-books/{book.pk}/corrections", {"quantity": 5, "reason": "Ailleurs"}
    )

    assert_error(response, 403, "forbidden")
    assert access.balance(book) == 10


def test_a_concierge_of_another_place_does_not_see_the_books_of_strangers(
    other_concierge_api, place, concierge, person
):
    book = book_of(person, place, concierge)

    assert_error(other_concierge_api.get(f"/ticket-books/{book.pk}"), 404)
    assert_error(other_concierge_api.get(f"/ticket-books/{book.pk}/movements"), 404)
    assert_error(other_concierge_api.get("/ticket-books", person_id=person.pk), 422)
    response = other_concierge_api.post(
        f"/ticket-books/{book.pk}/corrections", {"quantity": 5, "reason": "Ailleurs"}
    )
    assert_error(response, 404)
    assert access.balance(book) == 10


def test_an_occasional_concierge_of_the_place_corrects_a_book(place, concierge, person):
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)
    book = book_of(person, place, concierge)

    response = ApiClient(token_for(occasional)).post(
        f"/ticket-books/{book.pk}/corrections", {"quantity": -1, "reason": "Passage non noté"}
    )

    assert response.status_code == 201, response.content


def test_correcting_needs_an_account_and_a_known_book(
    anonymous_api, concierge_api, place, concierge, person
):
    book = book_of(person, place, concierge)
    body = {"quantity": 1, "reason": "Test"}

    assert_error(anonymous_api.post(f"/ticket-books/{book.pk}/corrections", body), 401)
    assert_error(concierge_api.post("/ticket-books/999999/corrections", body), 404)
    assert not TicketMovement.objects.filter(kind="correction").exists()
