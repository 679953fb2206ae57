from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.models import Subscription
from comptoir.access.tests.factories import subscription_plan
from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ACTIONS = ("pause", "resume", "cancel", "uncancel", "end")


def subscribe(place, concierge, *, person=None, organization=None, **plan_fields):
    if organization is not None:
        plan_fields.setdefault("holder", "organization")
    plan = subscription_plan(place, **plan_fields)
    sale = access.plan_sell(
        plan=plan,
        place=place,
        by=concierge,
        person=person,
        organization=organization,
        payment_method="transfer",
    )
    assert sale.subscription is not None
    return sale.subscription


def test_a_concierge_lists_the_subscriptions_of_their_place(concierge_api, place, concierge):
    mine = subscribe(place, concierge, person=PersonFactory())
    structure = subscribe(place, concierge, organization=OrganizationFactory())
    access.subscription_pause(structure, by=concierge)

    body = concierge_api.get(f"/places/{place.slug}/subscriptions").json()
    paused = concierge_api.get(f"/places/{place.slug}/subscriptions", status="paused").json()

    assert {s["id"] for s in body["items"]} == {mine.pk, structure.pk}
    row = next(s for s in body["items"] if s["id"] == mine.pk)
    assert row["person"]["id"] == mine.person_id and row["organization"] is None
    assert row["current_period"]["start"] == TODAY().isoformat()
    assert (row["place"], row["status"], row["plan"]["kind"]) == (
        place.slug,
        "active",
        "subscription",
    )
    assert [s["id"] for s in paused["items"]] == [structure.pk]


def test_a_bad_status_filter_is_a_422(concierge_api, place):
    assert_error(concierge_api.get(f"/places/{place.slug}/subscriptions", status="x"), 422)


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous_api", 401), ("member_api", 403), ("other_concierge_api", 403)],
)
def test_only_the_place_concierges_list_its_subscriptions(request, place, caller, status):
    api = request.getfixturevalue(caller)

    assert_error(api.get(f"/places/{place.slug}/subscriptions"), status)


def test_listing_an_unknown_place_is_a_404(concierge_api):
    assert_error(concierge_api.get("/places/nulle-part/subscriptions"), 404)


def test_it_pins_the_query_count_of_the_subscription_list(
    concierge_api, place, concierge, django_assert_num_queries
):
    concierge_api.get("/people/me")  # record the token's use first
    for _ in range(2):
        subscribe(place, concierge, person=PersonFactory())
    # token with the caller's roles, place, count, page, current periods
    with django_assert_num_queries(5):
        assert concierge_api.get(f"/places/{place.slug}/subscriptions").json()["count"] == 2
    for _ in range(5):
        subscribe(place, concierge, organization=OrganizationFactory())
    with django_assert_num_queries(5):
        assert concierge_api.get(f"/places/{place.slug}/subscriptions").json()["count"] == 7


def test_the_holder_reads_their_subscription(member_api, place, concierge, person):
    subscription = subscribe(place, concierge, person=person)

    body = member_api.get(f"/subscriptions/{subscription.pk}").json()

    assert (body["id"], body["person"]["id"], body["price_cents"]) == (
        subscription.pk,
        person.pk,
        25000,
    )
    assert body["current_period"]["start"] == TODAY().isoformat()


def test_the_people_of_the_structure_and_the_concierges_read_its_subscription(
    concierge_api, place, concierge
):
    structure = OrganizationFactory()
    colleague = AffiliationFactory(organization=structure).person
    subscription = subscribe(place, concierge, organization=structure)

    response = ApiClient(token_for(colleague)).get(f"/subscriptions/{subscription.pk}")

    assert response.status_code == 200, response.content
    assert response.json()["organization"] == {"slug": structure.slug, "name": structure.name}
    assert concierge_api.get(f"/subscriptions/{subscription.pk}").status_code == 200


def test_others_do_not_see_a_subscription(
    member_api, other_concierge_api, anonymous_api, place, concierge
):
    subscription = subscribe(place, concierge, person=PersonFactory())

    assert_error(member_api.get(f"/subscriptions/{subscription.pk}"), 404)
    assert_error(other_concierge_api.get(f"/subscriptions/{subscription.pk}"), 404)
    assert_error(anonymous_api.get(f"/subscriptions/{subscription.pk}"), 401)
    assert_error(member_api.get("/subscriptions/999999"), 404)


def test_a_concierge_pauses_and_resumes_a_subscription(concierge_api, place, concierge):
    subscription = subscribe(place, concierge, person=PersonFactory())

    paused = concierge_api.post(f"/subscriptions/{subscription.pk}/pause")
    resumed = concierge_api.post(f"/subscriptions/{subscription.pk}/resume")

    assert paused.status_code == 200, paused.content
    assert paused.json()["status"] == "paused"
    assert resumed.json()["status"] == "active"
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_resuming_an_active_subscription_is_a_409(concierge_api, place, concierge):
    subscription = subscribe(place, concierge, person=PersonFactory())

    assert_error(
        concierge_api.post(f"/subscriptions/{subscription.pk}/resume"),
        409,
        "subscription_not_paused",
    )


def test_a_concierge_cancels_then_withdraws_the_cancellation(concierge_api, place, concierge):
    subscription = subscribe(place, concierge, person=PersonFactory())

    cancelled = concierge_api.post(f"/subscriptions/{subscription.pk}/cancel")
    assert cancelled.json()["cancel_at_period_end"] is True
    uncancelled = concierge_api.post(f"/subscriptions/{subscription.pk}/uncancel")

    assert uncancelled.json()["cancel_at_period_end"] is False
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end is False


def test_a_concierge_ends_a_subscription_on_a_day(concierge_api, place, concierge):
    subscription = subscribe(place, concierge, person=PersonFactory())
    on = TODAY() + datetime.timedelta(days=5)

    response = concierge_api.post(f"/subscriptions/{subscription.pk}/end", {"on": on.isoformat()})

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ended_on"]) == ("ended", on.isoformat())
    assert concierge_api.post(f"/subscriptions/{subscription.pk}/end").status_code == 409


def test_ending_without_a_body_ends_today(concierge_api, place, concierge):
    subscription = subscribe(place, concierge, person=PersonFactory())

    response = concierge_api.post(f"/subscriptions/{subscription.pk}/end")

    assert response.json()["ended_on"] == TODAY().isoformat()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"on": "demain"}, "on"), ({"on": "2001-01-01"}, "on"), ({"when": "2030-01-01"}, "when")],
)
def test_a_bad_end_is_a_422_and_changes_nothing(concierge_api, place, concierge, body, field):
    subscription = subscribe(place, concierge, person=PersonFactory())

    response = concierge_api.post(f"/subscriptions/{subscription.pk}/end", body)

    assert field in assert_error(response, 422)["fields"]
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


@pytest.mark.parametrize("action", ["pause", "cancel", "uncancel", "end"])
def test_an_ended_subscription_cannot_change(concierge_api, place, concierge, action):
    subscription = subscribe(place, concierge, person=PersonFactory())
    access.subscription_end(subscription, by=concierge)

    response = concierge_api.post(f"/subscriptions/{subscription.pk}/{action}")

    assert_error(response, 409, "subscription_ended")


@pytest.mark.parametrize("action", ACTIONS)
def test_the_holder_may_not_manage_their_subscription(place, concierge, person, action):
    subscription = subscribe(place, concierge, person=person)
    access.subscription_pause(subscription, by=concierge)

    response = ApiClient(token_for(person)).post(f"/subscriptions/{subscription.pk}/{action}")

    assert_error(response, 403, "forbidden")
    subscription.refresh_from_db()
    assert (subscription.status, subscription.cancel_at_period_end) == ("paused", False)


@pytest.mark.parametrize("action", ACTIONS)
def test_others_may_not_manage_a_subscription(
    member_api, other_concierge_api, anonymous_api, place, concierge, action
):
    subscription = subscribe(place, concierge, person=PersonFactory())

    assert_error(member_api.post(f"/subscriptions/{subscription.pk}/{action}"), 404)
    assert_error(other_concierge_api.post(f"/subscriptions/{subscription.pk}/{action}"), 404)
    assert_error(anonymous_api.post(f"/subscriptions/{subscription.pk}/{action}"), 401)
    assert_error(member_api.post(f"/subscriptions/999999/{action}"), 404)
    subscription.refresh_from_db()
    assert (subscription.status, subscription.cancel_at_period_end) == ("active", False)


def test_an_occasional_concierge_manages_subscriptions(place, concierge):
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)
    subscription = subscribe(place, concierge, person=PersonFactory())

    response = ApiClient(token_for(occasional)).post(f"/subscriptions/{subscription.pk}/pause")

    assert response.json()["status"] == "paused"
