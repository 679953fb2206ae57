"""Background work of the agenda (owned by the registrations work: notifications and
reminders)."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_event_cancelled(event_id: int) -> None:
    """Tell the people registered to an event that it is cancelled."""
    from comptoir.agenda import notifications

    notifications.event_cancelled(event_id)
