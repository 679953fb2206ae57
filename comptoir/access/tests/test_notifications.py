"""Reminders about access: each one is sent once, however often the jobs run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase

from comptoir.access import notifications, services
from comptoir.access.models import NotificationSent, Plan
from comptoir.access.tasks import daily_access_upkeep
from comptoir.access.tests.factories import subscription_plan
from comptoir.access.tests.helpers import buy, buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory
from comptoir.presence import services as presence


def after_commit(job, *args, **kwargs):
    """Run a job and what its transaction's commit sets off: the emails leave then."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return job(*args, **kwargs)


class _AfterCommit:
    """`notifications`, each job run by `after_commit`."""

    def __getattr__(self, name):
        job = getattr(notifications, name)
        return lambda *args, **kwargs: after_commit(job, *args, **kwargs)


committed = _AfterCommit()


def use(book, tickets, concierge):
    services.ticket_book_adjust(book=book, quantity=-tickets, reason="Passages", by=concierge)


# --- Book almost empty ------------------------------------------------------------------


@pytest.mark.django_db
def test_it_tells_the_holder_when_two_tickets_are_left(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    use(book, 8, concierge)
    assert committed.notify_book_almost_empty(book.pk) is True
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    assert "2" in mailoutbox[0].subject


@pytest.mark.django_db
def test_it_tells_about_an_almost_empty_book_once(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    use(book, 8, concierge)
    committed.notify_book_almost_empty(book.pk)
    use(book, 1, concierge)
    assert committed.notify_book_almost_empty(book.pk) is False
    assert len(mailoutbox) == 1
    assert NotificationSent.objects.filter(kind=notifications.ALMOST_EMPTY).count() == 1


@pytest.mark.django_db
def test_it_stays_quiet_while_more_than_two_tickets_are_left(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    use(book, 7, concierge)
    assert committed.notify_book_almost_empty(book.pk) is False
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_stays_quiet_about_a_used_up_book(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, tickets=10)
    use(book, 10, concierge)
    assert committed.notify_book_almost_empty(book.pk) is False
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_sends_the_reminder_when_a_check_in_leaves_two_tickets(
    place, concierge, person, mailoutbox, django_capture_on_commit_callbacks
):
    book = buy_book(person, place=place, by=concierge, tickets=3)
    with django_capture_on_commit_callbacks(execute=True):
        presence.visit_check_in(person=person, place=place, by=concierge, at=at(next_monday(), 10))
    assert services.balance(book) == 2
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]


@pytest.mark.django_db
def test_it_writes_in_the_language_of_the_holder(place, concierge, person, mailoutbox):
    person.preferred_language = "en"
    person.save()
    book = buy_book(person, place=place, by=concierge, tickets=10)
    use(book, 9, concierge)
    committed.notify_book_almost_empty(book.pk)
    assert "1 ticket left" in mailoutbox[0].subject


# --- Book expiring ----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_warns_of_a_book_expiring_within_thirty_days(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    today = book.expires_on - dt.timedelta(days=30)
    assert committed.notify_books_expiring(today=today) == 1
    assert mailoutbox[0].to == [person.email]


@pytest.mark.django_db
def test_it_warns_of_an_expiring_book_once(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    committed.notify_books_expiring(today=book.expires_on - dt.timedelta(days=20))
    assert committed.notify_books_expiring(today=book.expires_on - dt.timedelta(days=20)) == 0
    assert committed.notify_books_expiring(today=book.expires_on - dt.timedelta(days=5)) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_it_does_not_warn_of_a_book_expiring_later(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, validity_months=3)
    assert committed.notify_books_expiring(today=book.expires_on - dt.timedelta(days=31)) == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_does_not_warn_of_an_expiring_book_with_no_ticket_left(
    place, concierge, person, mailoutbox
):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    use(book, 10, concierge)
    assert committed.notify_books_expiring(today=book.expires_on - dt.timedelta(days=3)) == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_it_does_not_warn_of_a_book_already_expired(place, concierge, person, mailoutbox):
    book = buy_book(person, place=place, by=concierge, validity_months=1)
    assert committed.notify_books_expiring(today=book.expires_on + dt.timedelta(days=1)) == 0


# --- Subscription renewing --------------------------------------------------------------


def subscribe(place, concierge, **holder):
    plan_fields = {}
    if "organization" in holder:
        plan_fields = {"holder": Plan.Holder.ORGANIZATION, "seats": 2}
    plan = subscription_plan(place, **plan_fields)
    return buy(plan, place=place, by=concierge, **holder).subscription


@pytest.mark.django_db
def test_it_warns_of_a_renewal_within_seven_days(place, concierge, person, mailoutbox):
    subscription = subscribe(place, concierge, person=person)
    last_day = subscription.periods.get().end
    assert committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=6)) == 1
    assert mailoutbox[0].to == [person.email]


@pytest.mark.django_db
def test_it_warns_of_a_renewal_once(place, concierge, person, mailoutbox):
    subscription = subscribe(place, concierge, person=person)
    last_day = subscription.periods.get().end
    committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=6))
    assert committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=6)) == 0
    assert committed.notify_subscriptions_renewing(today=last_day) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_it_does_not_warn_of_a_renewal_more_than_seven_days_ahead(
    place, concierge, person, mailoutbox
):
    subscription = subscribe(place, concierge, person=person)
    last_day = subscription.periods.get().end
    assert committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=7)) == 0


@pytest.mark.django_db
def test_it_warns_again_before_the_next_renewal(place, concierge, person, mailoutbox):
    subscription = subscribe(place, concierge, person=person)
    first = subscription.periods.get()
    committed.notify_subscriptions_renewing(today=first.end - dt.timedelta(days=3))
    services.subscription_renew(subscription, today=first.end + dt.timedelta(days=1))
    second = subscription.periods.get(number=1)
    assert committed.notify_subscriptions_renewing(today=second.end - dt.timedelta(days=3)) == 1
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_it_does_not_warn_of_a_cancelled_subscription(place, concierge, person, mailoutbox):
    subscription = subscribe(place, concierge, person=person)
    services.subscription_cancel(subscription, by=concierge)
    last_day = subscription.periods.get().end
    assert committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=3)) == 0


@pytest.mark.django_db
def test_it_does_not_warn_of_a_paused_subscription(place, concierge, person, mailoutbox):
    subscription = subscribe(place, concierge, person=person)
    services.subscription_pause(subscription, by=concierge)
    last_day = subscription.periods.get().end
    assert committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=3)) == 0


@pytest.mark.django_db
def test_it_warns_the_managers_of_a_structure(place, concierge, person, stranger, mailoutbox):
    organization = OrganizationFactory()
    AffiliationFactory(person=person, organization=organization, is_manager=True)
    AffiliationFactory(person=stranger, organization=organization, is_manager=False)
    subscription = subscribe(place, concierge, organization=organization)
    last_day = subscription.periods.get().end
    assert committed.notify_subscriptions_renewing(today=last_day - dt.timedelta(days=3)) == 1
    assert [message.to for message in mailoutbox] == [[person.email]]


# --- The daily job ----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_sends_nothing_new_when_the_daily_job_runs_twice(
    place, concierge, person, stranger, mailoutbox
):
    buy_book(person, place=place, by=concierge, validity_months=0)  # expires today
    subscribe(place, concierge, person=stranger)
    first = after_commit(daily_access_upkeep.call)
    sent = len(mailoutbox)
    second = after_commit(daily_access_upkeep.call)
    assert first["expiring_reminders"] == 1
    assert second == {
        "renewed": 0,
        "expired": 0,
        "expiring_reminders": 0,
        "renewal_reminders": 0,
    }
    assert len(mailoutbox) == sent
