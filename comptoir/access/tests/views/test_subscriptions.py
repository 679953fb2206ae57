"""The subscriptions of a place and the concierge's actions on them (htmx row or PRG)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from comptoir.access.exceptions import SubscriptionEnded, SubscriptionNotPaused
from comptoir.access.models import Subscription
from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def list_url(place):
    return reverse("access:subscription-list", args=[place.slug])


def action_url(subscription, action):
    return reverse("access:subscription-action", args=[subscription.pk, action])


def subscribe(place, concierge, person=None, **plan_fields):
    plan = subscription_plan(place, **plan_fields)
    if plan.holder == "organization":
        return buy(plan, place=place, by=concierge, organization=OrganizationFactory()).subscription
    return buy(plan, place=place, by=concierge, person=person or PersonFactory()).subscription


@pytest.fixture
def subscription(place, concierge, person):
    return subscribe(place, concierge, person, name="Résident mensuel", price_cents=25000)


# --- The list -------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(list_url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("nomad", 403),
        ("sister_concierge", 403),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_concierges_of_the_place_see_its_subscriptions(login, request, place, who, status):
    assert login(request.getfixturevalue(who)).get(list_url(place)).status_code == status


def test_an_unknown_place_is_a_404(concierge_client):
    assert concierge_client.get("/lieux/nulle-part/abonnements/").status_code == 404


def test_it_lists_the_subscriptions_of_the_place_with_their_period_and_price(
    concierge_client, sister_concierge, place, sister_place, subscription, person
):
    elsewhere = subscribe(sister_place, sister_concierge, name="Ailleurs")
    body = concierge_client.get(list_url(place)).content.decode()
    assert person.display_name in body and "Résident mensuel" in body
    assert "250,00\u00a0€" in body
    period = subscription.periods.get()
    assert period.start.strftime("%d/%m/%Y") in body and period.end.strftime("%d/%m/%Y") in body
    assert f'id="subscription-{subscription.pk}"' in body
    assert f'id="subscription-{elsewhere.pk}"' not in body
    assert action_url(subscription, "pause") in body and action_url(subscription, "end") in body


def test_it_filters_by_status_with_an_htmx_partial(
    concierge_client, concierge, place, subscription
):
    ended = subscribe(place, concierge)
    Subscription.objects.filter(pk=ended.pk).update(status=Subscription.Status.ENDED)
    response = concierge_client.get(list_url(place), {"statut": "ended"}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="subscription-rows"')
    assert f'id="subscription-{ended.pk}"' in body
    assert f'id="subscription-{subscription.pk}"' not in body
    # An ended subscription offers no action.
    assert action_url(ended, "pause") not in body


def _subscriptions(place, concierge, count):
    for _n in range(count):
        subscribe(place, concierge)
        subscribe(place, concierge, holder="organization", seats=2)


@pytest.mark.parametrize("count", [2, 8])
def test_the_query_count_does_not_grow(
    concierge_client, concierge, place, django_assert_num_queries, count
):
    _subscriptions(place, concierge, count)
    # session, user, roles, place, count, page, current periods.
    with django_assert_num_queries(7):
        assert concierge_client.get(list_url(place)).status_code == 200


# --- Actions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "cancel_at_period_end"),
    [
        ("pause", Subscription.Status.PAUSED, False),
        ("cancel", Subscription.Status.ACTIVE, True),
        ("end", Subscription.Status.ENDED, False),
    ],
)
def test_an_action_without_javascript_redirects_to_the_list(
    concierge_client, place, subscription, action, status, cancel_at_period_end
):
    response = concierge_client.post(action_url(subscription, action))
    assert response.status_code == 302
    assert response["Location"] == list_url(place)
    subscription.refresh_from_db()
    assert (subscription.status, subscription.cancel_at_period_end) == (
        status,
        cancel_at_period_end,
    )


def test_pause_then_resume_with_htmx_refreshes_the_row(concierge_client, subscription):
    response = concierge_client.post(action_url(subscription, "pause"), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="subscription-{subscription.pk}"')
    assert "<html" not in body
    assert action_url(subscription, "resume") in body
    response = concierge_client.post(action_url(subscription, "resume"), headers=HTMX)
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_cancel_can_be_undone(concierge_client, subscription):
    concierge_client.post(action_url(subscription, "cancel"), headers=HTMX)
    response = concierge_client.post(action_url(subscription, "uncancel"), headers=HTMX)
    assert response.status_code == 200
    assert action_url(subscription, "cancel") in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end is False


@pytest.mark.parametrize("action", ["pause", "resume", "cancel", "uncancel", "end"])
def test_an_action_on_an_ended_subscription_is_a_conflict(
    concierge_client, place, subscription, action
):
    concierge_client.post(action_url(subscription, "end"))
    subscription.refresh_from_db()
    before = (subscription.status, subscription.cancel_at_period_end, subscription.updated_at)
    response = concierge_client.post(action_url(subscription, action))
    assert response.status_code == 409
    body = response.content.decode()
    expected = SubscriptionNotPaused if action == "resume" else SubscriptionEnded
    assert escape(str(expected.default_message)) in body
    subscription.refresh_from_db()
    assert (
        subscription.status,
        subscription.cancel_at_period_end,
        subscription.updated_at,
    ) == before


def test_a_refusal_with_htmx_shows_the_message_in_the_row(concierge_client, subscription):
    response = concierge_client.post(action_url(subscription, "resume"), headers=HTMX)
    assert response.status_code == 409
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="subscription-{subscription.pk}"')
    assert escape(str(SubscriptionNotPaused.default_message)) in body and 'role="alert"' in body


@pytest.mark.parametrize("who", ["person", "nomad", "sister_concierge", "other_concierge"])
def test_others_may_not_act(login, request, subscription, who):
    response = login(request.getfixturevalue(who)).post(action_url(subscription, "end"))
    assert response.status_code == 403
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_anonymous_visitors_may_not_act(client, subscription):
    assert client.post(action_url(subscription, "end")).status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_an_unknown_action_or_subscription_is_a_404(concierge_client, subscription):
    assert concierge_client.post(action_url(subscription, "delete")).status_code == 404
    assert concierge_client.post("/abonnements/999999/pause/").status_code == 404


def test_actions_need_a_post(concierge_client, subscription):
    assert concierge_client.get(action_url(subscription, "end")).status_code == 405
