from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from comptoir.bookings.models import WaitlistEntry


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
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        context = {"entry": entry, "person": person}
        subject = render_to_string("bookings/email/waitlist_offer_subject.txt", context).strip()
        body = render_to_string("bookings/email/waitlist_offer_message.txt", context)
    send_mail(subject, body, None, [person.email])
    return True


@task()
def expire_waitlist_offers() -> int:
    from comptoir.bookings.waitlist import waitlist_expire

    return waitlist_expire()
