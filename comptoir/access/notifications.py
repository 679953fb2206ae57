"""Reminders about access, each sent once: the NotificationSent row is the guard, written in
the same transaction as the decision to send, so two workers cannot both send it (the
email leaves when that transaction commits)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptoir.access.models import NotificationSent, Subscription, SubscriptionPeriod, TicketBook
from comptoir.community.models import Person
from comptoir.core.email import Recipient, send_email

ALMOST_EMPTY = "book_almost_empty"
EXPIRING = "book_expiring"
RENEWING = "subscription_renewing"
ALMOST_EMPTY_AT = 2
EXPIRY_WARNING_DAYS = 30
RENEWAL_WARNING_DAYS = 7


def _send_once(kind: str, key: str, person: Person, template: str, context: dict[str, Any]) -> bool:
    try:
        with transaction.atomic():
            NotificationSent.objects.create(kind=kind, key=key, person=person)
            context = {**context, "person": person}
            send_email(f"access/email/{template}", Recipient.of(person), context)
    except IntegrityError:
        return False  # already sent
    return True


def notify_book_almost_empty(book_id: int) -> bool:
    book = (
        TicketBook.objects.with_balance()
        .select_related("person", "plan")
        .filter(pk=book_id)
        .first()
    )
    if book is None or not 0 < book.balance <= ALMOST_EMPTY_AT:
        return False
    return _send_once(ALMOST_EMPTY, str(book.pk), book.person, "book_almost_empty", {"book": book})


def notify_books_expiring(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    books = (
        TicketBook.objects.filter(
            expires_on__gte=today, expires_on__lte=today + timedelta(EXPIRY_WARNING_DAYS)
        )
        .with_tickets_left()
        .exclude(pk__in=_sent_keys(EXPIRING))
        .select_related("person", "plan")
    )
    return sum(
        _send_once(EXPIRING, str(b.pk), b.person, "book_expiring", {"book": b}) for b in books
    )


def _sent_keys(kind: str) -> Any:
    from django.db.models import IntegerField
    from django.db.models.functions import Cast

    return (
        NotificationSent.objects.filter(kind=kind)
        .annotate(as_int=Cast("key", IntegerField()))
        .values("as_int")
    )


def _recipients(subscription: Subscription) -> list[Person]:
    if subscription.person is not None:
        return [subscription.person]
    managers = Person.objects.filter(
        affiliations__organization=subscription.organization, affiliations__is_manager=True
    )
    return list(managers)


def notify_subscriptions_renewing(*, today: date | None = None) -> int:
    """Active subscriptions whose current period ends within 7 days (so renews soon)."""
    today = today or timezone.localdate()
    periods = SubscriptionPeriod.objects.filter(
        end__gte=today,
        end__lt=today + timedelta(RENEWAL_WARNING_DAYS),
        subscription__status=Subscription.Status.ACTIVE,
        subscription__cancel_at_period_end=False,
    ).select_related("subscription__person", "subscription__plan", "subscription__organization")
    sent = 0
    for period in periods:
        subscription = period.subscription
        if subscription.periods.filter(number__gt=period.number).exists():
            continue
        for person in _recipients(subscription):
            key = f"{subscription.pk}:{period.number}:{person.pk}"
            context = {"subscription": subscription, "renews_on": period.end + timedelta(1)}
            sent += _send_once(RENEWING, key, person, "subscription_renewing", context)
    return sent
