from __future__ import annotations

import pytest
from django.db import connection

from comptoir.access import services as access
from comptoir.access.models import TicketMovement
from comptoir.access.tests.factories import day_pass_plan, ticket_book_plan
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory, SpaceFactory
from comptoir.presence import services as presence
from comptoir.presence.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(place):
    # The factory place opens Mo-Fr 09:00-18:00; these tests check in "now".
    place.opening_hours = "24/7"
    place.save(update_fields=["opening_hours"])
    return place


# The rows a ticket check-in writes (movement, visit, two half-days, audit event): one
# statement on PostgreSQL, one insert each elsewhere.
WRITES = 1 if connection.vendor == "postgresql" else 5


def give_book(person, place, concierge):
    sale = access.plan_sell(
        plan=ticket_book_plan(place),
        place=place,
        by=concierge,
        person=person,
        payment_method="cash",
    )
    assert sale.ticket_book is not None
    return sale.ticket_book


def check_in(person, place):
    """A visit let in at the desk by a network admin, whatever the person holds."""
    admin = PersonFactory(is_superuser=True)
    return presence.visit_check_in(person=person, place=place, by=admin, override_reason="Test")


# --- POST /visits -------------------------------------------------------------------------


def test_a_nomad_checks_in_with_a_ticket(member_api, place, concierge, person):
    book = give_book(person, place, concierge)

    response = member_api.post("/visits", {"place": place.slug})

    assert response.status_code == 201, response.content
    body = response.json()
    visit = Visit.objects.get(person=person)
    assert body["id"] == visit.pk
    assert (body["place"], body["access"], body["person"]["id"]) == (
        place.slug,
        "ticket",
        person.pk,
    )
    assert body["ticket_book"] == {"id": book.pk, "balance": 9}
    assert body["day"] == visit.day.isoformat()
    assert access.balance(book) == 9


def test_a_concierge_checks_someone_in_in_a_space(concierge_api, place, concierge, person):
    give_book(person, place, concierge)
    space = SpaceFactory(place=place)

    response = concierge_api.post(
        "/visits", {"place": place.slug, "person_id": person.pk, "space": space.slug}
    )

    assert response.status_code == 201, response.content
    visit = Visit.objects.get(person=person)
    assert (visit.space, visit.checked_in_by) == (space, concierge)


def test_a_day_pass_lets_in_without_a_book_balance(member_api, place, concierge, person):
    access.plan_sell(
        plan=day_pass_plan(place), place=place, by=concierge, person=person, payment_method="cash"
    )

    body = member_api.post("/visits", {"place": place.slug}).json()

    assert (body["access"], body["ticket_book"]) == ("day_pass", None)


def test_without_a_valid_access_it_refuses_with_the_offers(member_api, place, person):
    PlaceRoleFactory(person=person, place=place, role=Role.TRAVELLER)
    day_pass = day_pass_plan(place)

    response = member_api.post("/visits", {"place": place.slug})

    body = assert_error(response, 403, "no_valid_access")
    assert [o["id"] for o in body["offers"]] == [day_pass.pk]
    assert not Visit.objects.exists()


def test_a_newcomer_checks_in_at_the_desk(member_api, place):
    assert_error(member_api.post("/visits", {"place": place.slug}), 403, "forbidden")
    assert not Visit.objects.exists()


def test_checking_in_twice_is_a_409_that_uses_no_ticket(member_api, place, concierge, person):
    book = give_book(person, place, concierge)
    assert member_api.post("/visits", {"place": place.slug}).status_code == 201

    assert_error(member_api.post("/visits", {"place": place.slug}), 409, "already_checked_in")

    assert access.balance(book) == 9
    assert Visit.objects.count() == 1


def test_a_closed_place_refuses_check_ins(member_api, place, concierge, person):
    book = give_book(person, place, concierge)
    place.opening_hours = "off"
    place.save(update_fields=["opening_hours"])

    assert_error(member_api.post("/visits", {"place": place.slug}), 409, "place_closed")

    assert access.balance(book) == 10
    assert not Visit.objects.exists()


def test_a_concierge_lets_someone_in_with_a_reason(concierge_api, place, person):
    response = concierge_api.post(
        "/visits",
        {"place": place.slug, "person_id": person.pk, "override_reason": "Rendez-vous partenaire"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["access"] == "override"
    assert Visit.objects.get(person=person).override_reason == "Rendez-vous partenaire"


@pytest.mark.parametrize("override", [{"override_reason": "  "}, {"override": True}])
def test_an_override_without_a_reason_is_a_422(concierge_api, place, person, override):
    response = concierge_api.post(
        "/visits", {"place": place.slug, "person_id": person.pk, **override}
    )

    assert "override_reason" in assert_error(response, 422, "missing_reason")["fields"]
    assert not Visit.objects.exists()


def test_a_member_may_not_override(member_api, place):
    response = member_api.post("/visits", {"place": place.slug, "override_reason": "Je passe"})

    assert_error(response, 403, "forbidden")
    assert not Visit.objects.exists()


@pytest.mark.parametrize("target", ["someone", "unknown"])
def test_a_member_may_not_check_others_in(member_api, place, concierge, target):
    other = PersonFactory()
    give_book(other, place, concierge)
    person_id = other.pk if target == "someone" else 999999

    response = member_api.post("/visits", {"place": place.slug, "person_id": person_id})

    assert_error(response, 403, "forbidden")
    assert not Visit.objects.exists()


def test_a_concierge_of_another_place_may_not_check_people_in_here(
    other_concierge_api, place, concierge, person
):
    book = give_book(person, place, concierge)

    response = other_concierge_api.post("/visits", {"place": place.slug, "person_id": person.pk})

    assert_error(response, 403, "forbidden")
    assert access.balance(book) == 10


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person_id": 999999}, "person_id"),
        ({"place": "nulle-part"}, "place"),
        ({"space": "inconnu"}, "space"),
        ({"place": "pas un slug!"}, "place"),
        ({"person_id": "moi"}, "person_id"),
        ({"badge": "1234"}, "badge"),
        ({"override_reason": 42}, "override_reason"),
    ],
)
def test_a_bad_check_in_is_a_422_and_saves_nothing(concierge_api, place, person, body, field):
    payload = {"place": place.slug, "person_id": person.pk, **body}

    response = concierge_api.post("/visits", payload)

    assert field in assert_error(response, 422)["fields"]
    assert not Visit.objects.exists()


def test_a_space_of_another_place_is_unknown_here(concierge_api, place, person):
    elsewhere = SpaceFactory(place=PlaceFactory())

    response = concierge_api.post(
        "/visits",
        {
            "place": place.slug,
            "person_id": person.pk,
            "space": elsewhere.slug,
            "override_reason": "Test",
        },
    )

    assert "space" in assert_error(response, 422)["fields"]


def test_checking_in_needs_an_account(anonymous_api, place):
    assert_error(anonymous_api.post("/visits", {"place": place.slug}), 401)
    assert_error(anonymous_api.post("/visits", raw="{"), 401)
    assert not Visit.objects.exists()


def test_a_check_in_costs_few_queries(
    member_api, place, concierge, person, django_assert_num_queries
):
    give_book(person, place, concierge)
    member_api.get("/people/me")  # record the token's use first
    # A self check-in paid by a ticket, the longest common path: 7 statements in a test,
    # 2 of them the savepoint of the service's transaction (tests run inside one). The
    # API's own: the token with the caller's roles, and the place with its access settings;
    # then the person's row lock (which reads them), one snapshot of what the rules need
    # (covered half-days, subscriptions, day pass, visits, the usable book and its
    # balance), and one statement for the writes: the movement, the visit, its covered
    # half-days and the audit row (elsewhere than on PostgreSQL, one insert per row: 5).
    with django_assert_num_queries(6 + WRITES):
        response = member_api.post("/visits", {"place": place.slug})
    assert response.status_code == 201, response.content


# --- POST /visits/{id}/checkout -------------------------------------------------------------


def test_a_visitor_checks_out(member_api, place, person):
    visit = check_in(person, place)

    response = member_api.post(f"/visits/{visit.pk}/checkout")

    assert response.status_code == 200, response.content
    visit.refresh_from_db()
    assert visit.checked_out_at is not None
    assert response.json()["checked_out_at"] is not None
    assert_error(member_api.post(f"/visits/{visit.pk}/checkout"), 409, "not_checked_in")


def test_a_concierge_of_the_place_checks_someone_out(concierge_api, place, person):
    visit = check_in(person, place)

    assert concierge_api.post(f"/visits/{visit.pk}/checkout").status_code == 200


def test_others_may_not_check_someone_out(
    member_api, other_concierge, other_concierge_api, anonymous_api, place
):
    visitor = PersonFactory()
    visit = check_in(visitor, place)

    assert_error(member_api.post(f"/visits/{visit.pk}/checkout"), 404)
    # A stranger to her places: she does not even see the visit.
    assert_error(other_concierge_api.post(f"/visits/{visit.pk}/checkout"), 404)
    # Someone she knows (a traveller of her place): she sees them, not this place's desk.
    elsewhere = other_concierge.place_roles.get().place
    PlaceRoleFactory(person=visitor, place=elsewhere, role=Role.TRAVELLER)
    assert_error(other_concierge_api.post(f"/visits/{visit.pk}/checkout"), 403, "forbidden")
    assert_error(anonymous_api.post(f"/visits/{visit.pk}/checkout"), 401)
    assert_error(member_api.post("/visits/999999/checkout"), 404)
    visit.refresh_from_db()
    assert visit.checked_out_at is None


# --- GET /visits ----------------------------------------------------------------------------


def test_a_person_lists_their_own_visits_by_default(member_api, place, person):
    mine = check_in(person, place)
    check_in(PersonFactory(), place)

    body = member_api.get("/visits").json()

    assert [v["id"] for v in body["items"]] == [mine.pk]
    assert (body["items"][0]["place"], body["items"][0]["access"]) == (place.slug, "override")


def test_members_see_who_is_here_among_those_who_show_it(place, person):
    PlaceRoleFactory(person=person, place=place, role=Role.NOMAD)
    shown = check_in(PersonFactory(show_presence=True), place)
    check_in(PersonFactory(show_presence=False), place)
    mine = check_in(person, place)

    body = ApiClient(token_for(person)).get("/visits", place=place.slug, current="true").json()

    assert {v["id"] for v in body["items"]} == {shown.pk, mine.pk}


def test_concierges_see_everyone_here(concierge_api, place):
    visits = [check_in(PersonFactory(), place) for _ in range(2)]
    gone = check_in(PersonFactory(), place)
    presence.visit_check_out(visit=gone, by=gone.person)

    body = concierge_api.get("/visits", place=place.slug, current="true").json()

    assert {v["id"] for v in body["items"]} == {v.pk for v in visits}


def test_who_is_here_is_for_the_people_of_the_place(member_api, other_concierge_api, place):
    assert_error(member_api.get("/visits", place=place.slug, current="true"), 403)
    assert_error(other_concierge_api.get("/visits", place=place.slug, current="true"), 403)
    assert_error(member_api.get("/visits", current="true"), 422)
    assert_error(member_api.get("/visits", place="nulle-part", current="true"), 422)


def test_concierges_list_the_visits_of_their_place_and_of_a_person(concierge_api, place, person):
    visit = check_in(person, place)
    other = check_in(PersonFactory(), place)
    check_in(PersonFactory(), PlaceFactory(opening_hours="24/7"))

    of_place = concierge_api.get("/visits", place=place.slug).json()
    of_person = concierge_api.get("/visits", person_id=person.pk).json()

    assert {v["id"] for v in of_place["items"]} == {visit.pk, other.pk}
    assert [v["id"] for v in of_person["items"]] == [visit.pk]


def test_a_concierge_sees_a_persons_visits_only_in_her_places(
    other_concierge, other_concierge_api, place, person
):
    elsewhere = other_concierge.place_roles.get().place
    elsewhere.opening_hours = "24/7"
    elsewhere.save(update_fields=["opening_hours"])
    here = check_in(person, place)

    # A stranger to her places: no visit of theirs is hers to read.
    assert_error(other_concierge_api.get("/visits", person_id=person.pk), 422)
    there = check_in(person, elsewhere)
    body = other_concierge_api.get("/visits", person_id=person.pk).json()

    assert [v["id"] for v in body["items"]] == [there.pk]
    assert here.pk not in {v["id"] for v in body["items"]}


def test_a_member_filtering_by_place_sees_only_their_own_visits(member_api, place, person):
    mine = check_in(person, place)
    check_in(PersonFactory(), place)

    body = member_api.get("/visits", place=place.slug).json()

    assert [v["id"] for v in body["items"]] == [mine.pk]


def test_a_member_may_not_list_the_visits_of_others(member_api, place):
    other = check_in(PersonFactory(), place).person

    assert_error(member_api.get("/visits", person_id=other.pk), 403, "forbidden")
    assert_error(member_api.get("/visits", person_id=999999), 403, "forbidden")


def test_listing_visits_needs_an_account_and_good_filters(anonymous_api, concierge_api):
    assert_error(anonymous_api.get("/visits"), 401)
    assert_error(concierge_api.get("/visits", person_id=999999), 422)
    assert_error(concierge_api.get("/visits", day="hier"), 422, "invalid_params")
    assert_error(concierge_api.get("/visits", current="peut-être"), 422, "invalid_params")


def test_it_pins_the_query_count_of_who_is_here(concierge_api, place, django_assert_num_queries):
    concierge_api.get("/people/me")  # record the token's use first
    check_in(PersonFactory(), place)
    # token with the caller's roles, place, count, page
    with django_assert_num_queries(4):
        assert concierge_api.get("/visits", place=place.slug, current="true").json()["count"] == 1
    for _ in range(4):
        check_in(PersonFactory(), place)
    with django_assert_num_queries(4):
        assert concierge_api.get("/visits", place=place.slug, current="true").json()["count"] == 5


def test_a_consumed_ticket_is_linked_to_the_visit(member_api, place, concierge, person):
    give_book(person, place, concierge)

    visit_id = member_api.post("/visits", {"place": place.slug}).json()["id"]

    movement = TicketMovement.objects.get(kind="consumption")
    assert Visit.objects.get(pk=visit_id).ticket_movement == movement


def test_an_inactive_person_is_unknown_at_the_desk(concierge_api, place, concierge, person):
    book = give_book(person, place, concierge)
    person.is_active = False
    person.save(update_fields=["is_active"])

    response = concierge_api.post("/visits", {"place": place.slug, "person_id": person.pk})

    assert "person_id" in assert_error(response, 422)["fields"]
    assert access.balance(book) == 10
    assert not Visit.objects.exists()


def test_a_desk_check_in_costs_as_few_queries(
    concierge_api, place, concierge, person, django_assert_num_queries
):
    give_book(person, place, concierge)
    concierge_api.get("/people/me")  # record the token's use first
    # The concierge's rights come with the token; the person is read by their row lock.
    with django_assert_num_queries(6 + WRITES):
        response = concierge_api.post("/visits", {"place": place.slug, "person_id": person.pk})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["id"] == person.pk
    assert body["access"] == "ticket" and body["ticket_book"]["balance"] == 9
