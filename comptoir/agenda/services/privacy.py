"""Personal data in the agenda: guests' contacts purged after their event, and the
agenda's step of a person's erasure (see `community.personal_data`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from comptoir.agenda.audit import Verb
from comptoir.agenda.models import Event, Registration
from comptoir.core.models import AuditEvent
from comptoir.core.services import audit_record

# What a purged guest registration shows in place of the name.
ANONYMISED_NAME = "—"
_BATCH = 500


def pseudonymous_identity(identity: str) -> str:
    """A guest's identity as a keyed hash: the same guest keeps one identity across events
    (the activity reports' unique and returning people still count right), but their email,
    phone or name cannot be read back from it. A member's `p:<id>` stays as it is."""
    if identity.startswith(("p:", "h:")):
        return identity
    digest = salted_hmac("comptoir.agenda.identity", identity, algorithm="sha256").hexdigest()
    return f"h:{digest[:40]}"


def _anonymise(registrations: QuerySet[Registration], *, name: str = ANONYMISED_NAME) -> int:
    """Blank the contacts of these registrations and rewrite the audit rows naming them."""
    rows = list(registrations.select_related("event").order_by("pk"))
    for registration in rows:
        registration.name = name
        registration.email = registration.phone = ""
        registration.identity = pseudonymous_identity(registration.identity)
    Registration.objects.bulk_update(rows, ["name", "email", "phone", "identity"], _BATCH)
    _rewrite_audit(rows)
    return len(rows)


def _rewrite_audit(registrations: Iterable[Registration]) -> None:
    reprs = {str(registration.pk): str(registration)[:200] for registration in registrations}
    if not reprs:
        return
    events = list(
        AuditEvent.objects.filter(
            target_type=Registration._meta.label_lower, target_id__in=list(reprs)
        ).only("pk", "target_id")
    )
    for event in events:
        event.target_repr = reprs[event.target_id]
    AuditEvent.objects.bulk_update(events, ["target_repr"], _BATCH)


def guests_to_purge(*, now: datetime) -> QuerySet[Registration]:
    """Guests' registrations to events ended more than the retention period ago, with a
    contact still in them."""
    months = settings.COMPTOIR_GUEST_CONTACTS_RETENTION_MONTHS
    cutoff = now - relativedelta(months=months)
    return Registration.objects.filter(person__isnull=True, event__end__lt=cutoff).filter(
        ~Q(name=ANONYMISED_NAME) | ~Q(email="") | ~Q(phone="")
    )


@transaction.atomic
def guest_contacts_purge(*, now: datetime | None = None) -> int:
    """Purge the guests' contacts past the retention period (daily); one audit row per
    event, with the number of registrations purged. Safe to run twice."""
    todo = guests_to_purge(now=now or timezone.now())
    per_event = dict(todo.order_by().values_list("event").annotate(n=Count("pk")))
    if not per_event:
        return 0
    purged = _anonymise(todo)
    for event in Event.objects.filter(pk__in=per_event).select_related("place"):
        audit_record(
            actor=None,
            verb=Verb.REGISTRATION_CONTACTS_PURGED,
            target=event,
            place=event.place,
            data={"registrations": per_event[event.pk]},
        )
    return purged


def erase_person_registrations(*, person_id: int, name: str, old_email: str) -> int:
    """The agenda's step of an erasure: the person's registrations keep their event, status
    and attendance (the counts) without their contacts; guest registrations made with their
    email are purged as well."""
    mine = _anonymise(Registration.objects.filter(person_id=person_id), name=name)
    guests = Registration.objects.filter(person__isnull=True, email__iexact=old_email)
    return mine + (_anonymise(guests) if old_email else 0)
