"""Background work of the agenda (owned by the registrations work: notifications and
reminders). Tasks take primary keys and reload; each is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_event_cancelled(event_id: int) -> int:
    """Tell the people registered to an event that it is cancelled."""
    from comptoir.agenda import notifications

    return notifications.event_cancelled(event_id)


@task()
def notify_registration(registration_id: int) -> bool:
    """Confirm a registration (with its cancellation link), or say it is on the waitlist."""
    from comptoir.agenda import notifications

    return notifications.registration_created(registration_id)


@task()
def notify_promoted(registration_id: int) -> bool:
    """Tell someone on the waitlist that a seat is now theirs."""
    from comptoir.agenda import notifications

    return notifications.registration_promoted(registration_id)


@task()
def send_reminders() -> int:
    """Remind the people registered to tomorrow's events (daily; each reminded once)."""
    from comptoir.agenda import notifications

    return notifications.send_reminders()


@task()
def purge_guest_contacts() -> int:
    """Purge the guests' contacts of events past the retention period (daily)."""
    from comptoir.agenda.services.privacy import guest_contacts_purge

    return guest_contacts_purge()
