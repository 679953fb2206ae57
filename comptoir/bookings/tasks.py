from __future__ import annotations

from django_tasks import task

from comptoir.bookings.models import WaitlistEntry
from comptoir.core.email import Recipient, send_email


@task()
def notify_waitlist_offer(entry_id: int) -> bool:
    """Tell the person the slot they waited for is theirs if they confirm in time."""
    entry = (
        WaitlistEntry.objects.select_related("person", "resource__place")
        .filter(pk=entry_id, status=WaitlistEntry.Status.OFFERED)
        .first()
    )
    if entry is None:
        return False
    person = entry.person
    context = {"entry": entry, "person": person}
    send_email("bookings/email/waitlist_offer", Recipient.of(person), context)
    return True


@task()
def expire_waitlist_offers() -> int:
    from comptoir.bookings.waitlist import waitlist_expire

    return waitlist_expire()
