"""Guests' contacts are purged once their event is past the retention period; the activity
reports' counts do not change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from comptoir.agenda.audit import Verb
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.services.privacy import ANONYMISED_NAME, guest_contacts_purge
from comptoir.agenda.tasks import purge_guest_contacts
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _event(place: Any, days_ago: int) -> Event:
    start = timezone.now() - timedelta(days=days_ago)
    return Event.objects.create(
        place=place,
        title=f"Atelier {days_ago}",
        kind=EventKind.WORKSHOP,
        start=start,
        end=start + timedelta(hours=2),
    )


def _guest(
    event: Event, name: str, email: str = "", phone: str = "", **fields: Any
) -> Registration:
    identity = f"e:{email}" if email else f"t:{phone}" if phone else f"n:{name.lower()}"
    return Registration.objects.create(
        event=event,
        name=name,
        email=email,
        phone=phone,
        identity=identity,
        attendance=Registration.Attendance.PRESENT,
        **fields,
    )


def _figures() -> dict[str, int]:
    present = Registration.objects.filter(attendance=Registration.Attendance.PRESENT)
    return present.aggregate(people=Count("identity", distinct=True), registrations=Count("pk"))


def test_old_guest_contacts_are_purged_and_the_counts_stay(place: Any, person: Any) -> None:
    old, older, recent = _event(place, 400), _event(place, 500), _event(place, 300)
    _guest(old, "Ginette Lebrun", "ginette@example.org")
    _guest(older, "Ginette Lebrun", "ginette@example.org")  # the same guest, returning
    _guest(old, "Marcel", phone="0612345678", public_category="senior", consent=True)
    _guest(old, "Walk-in seul", walk_in=True)
    kept = _guest(recent, "Récente", "recente@example.org")
    member = Registration.objects.create(
        event=old,
        person=person,
        name=person.display_name,
        email=person.email,
        identity=f"p:{person.pk}",
        attendance=Registration.Attendance.PRESENT,
    )
    before = _figures()

    assert guest_contacts_purge() == 4

    assert _figures() == before
    purged = Registration.objects.filter(person__isnull=True).exclude(pk=kept.pk)
    assert set(purged.values_list("name", "email", "phone")) == {(ANONYMISED_NAME, "", "")}
    assert all(identity.startswith("h:") for identity in purged.values_list("identity", flat=True))
    ginette = purged.filter(event__in=[old, older], identity__startswith="h:")
    # The returning guest is still one person across the two events.
    assert ginette.values("identity").distinct().count() < ginette.count()
    assert purged.get(phone="", name=ANONYMISED_NAME, public_category="senior").consent
    kept.refresh_from_db()
    member.refresh_from_db()
    assert kept.email == "recente@example.org"
    assert member.email == person.email
    audits = AuditEvent.objects.filter(verb=Verb.REGISTRATION_CONTACTS_PURGED)
    assert sorted(a.data["registrations"] for a in audits) == [1, 3]
    # Idempotent: nothing left to purge.
    assert guest_contacts_purge() == 0


def test_the_retention_is_a_setting(place: Any, settings: Any) -> None:
    registration = _guest(_event(place, 40), "Lucie", "lucie@example.org")
    assert guest_contacts_purge() == 0
    settings.COMPTOIR_GUEST_CONTACTS_RETENTION_MONTHS = 1
    assert purge_guest_contacts.enqueue().return_value == 1
    registration.refresh_from_db()
    assert (registration.name, registration.email) == (ANONYMISED_NAME, "")


def test_the_audit_log_no_longer_names_the_guest(place: Any) -> None:
    from comptoir.agenda.services.registrations import Guest, register_guest

    event = Event.objects.create(
        place=place,
        title="Fête",
        kind=EventKind.FESTIVAL,
        start=timezone.now() + timedelta(days=1),
        end=timezone.now() + timedelta(days=1, hours=2),
    )
    register_guest(event=event, guest=Guest(name="Ginette Lebrun", email="ginette@example.org"))
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=400), end=timezone.now() - timedelta(days=399)
    )
    guest_contacts_purge()
    assert not AuditEvent.objects.filter(target_repr__icontains="Ginette").exists()
