from __future__ import annotations

from django_tasks import task

from comptoir.access import notifications, services


@task()
def notify_book_almost_empty(book_id: int) -> bool:
    return notifications.notify_book_almost_empty(book_id)


@task()
def daily_access_upkeep() -> dict[str, int]:
    """Renewals, expiries and reminders; safe to run more than once a day."""
    return {
        "renewed": services.subscriptions_renew_due(),
        "expired": services.ticket_books_expire(),
        "expiring_reminders": notifications.notify_books_expiring(),
        "renewal_reminders": notifications.notify_subscriptions_renewing(),
    }
