"""Many people register at the same instant, with real concurrent transactions: the event's
row lock keeps the count of seats and the order of arrival."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from comptoir.agenda.exceptions import AlreadyRegistered
from comptoir.agenda.models import Event, Registration
from comptoir.agenda.services.registrations import (
    Guest,
    register_guest,
    register_member,
    registration_cancel,
)
from comptoir.community.tests.factories import PersonFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")


def race(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run every job in its own thread and transaction, all released at once; returns what
    each returned, or the name of the DomainError it raised, or 'error: …'."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = job()
        except AlreadyRegistered:
            outcomes[index] = "already_registered"
        except Exception as error:  # recorded, so the assertion shows it
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def guest_job(event_id: int, index: int) -> Callable[[], Any]:
    def job() -> Any:
        event = Event.objects.get(pk=event_id)
        registration = register_guest(
            event=event, guest=Guest(f"Personne {index}", email=f"p{index}@example.org")
        )
        return registration.status

    return job


def in_arrival_order(event: Any, status: str) -> list[int]:
    return list(
        event.registrations.filter(status=status)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def test_forty_people_for_twelve_seats_then_three_cancel(make_event: Any) -> None:
    needs_postgresql()
    event = make_event(capacity=12)

    outcomes = race([guest_job(event.pk, i) for i in range(40)])

    assert sorted(outcomes) == ["confirmed"] * 12 + ["waitlisted"] * 28, outcomes
    all_in_order = list(
        event.registrations.order_by("created_at", "pk").values_list("pk", "status")
    )
    # arrival order (the order the lock let them in) is the order of the rows: the first
    # twelve in have the seats, the 28 others wait in the order they came.
    assert [pk for pk, _ in all_in_order] == sorted(pk for pk, _ in all_in_order)
    assert [status for _, status in all_in_order] == ["confirmed"] * 12 + ["waitlisted"] * 28
    waiting = in_arrival_order(event, "waitlisted")
    assert len(waiting) == 28

    leaving = list(event.registrations.filter(status="confirmed").order_by("?")[:3])

    def cancel_job(registration: Registration) -> Callable[[], Any]:
        return lambda: registration_cancel(registration=registration).status

    cancelled = race([cancel_job(r) for r in leaving])

    assert cancelled == ["cancelled"] * 3
    promoted = list(
        event.registrations.filter(promoted_at__isnull=False).values_list("pk", flat=True)
    )
    assert sorted(promoted) == sorted(waiting[:3])
    assert event.registrations.filter(status="confirmed").count() == 12
    assert in_arrival_order(event, "waitlisted") == waiting[3:]
    assert event.registrations.filter(status="cancelled").count() == 3


def test_the_same_email_twice_at_once_registers_once(make_event: Any) -> None:
    needs_postgresql()
    event = make_event(capacity=12)

    def same(index: int) -> Callable[[], Any]:
        email = "Meme@Example.org" if index % 2 else "meme@example.org"

        def job() -> Any:
            what = Event.objects.get(pk=event.pk)
            return register_guest(event=what, guest=Guest(f"Même {index}", email=email)).status

        return job

    outcomes = race([same(i) for i in range(8)])

    assert sorted(outcomes) == ["already_registered"] * 7 + ["confirmed"], outcomes
    assert event.registrations.count() == 1


def test_the_same_member_twice_at_once_registers_once(make_event: Any) -> None:
    needs_postgresql()
    event = make_event(capacity=1)
    member = PersonFactory()
    others = PersonFactory.create_batch(3)

    def member_job(person_id: int) -> Callable[[], Any]:
        def job() -> Any:
            from comptoir.community.models import Person

            who = Person.objects.get(pk=person_id)
            return register_member(event=Event.objects.get(pk=event.pk), person=who).status

        return job

    jobs = [member_job(member.pk) for _ in range(5)] + [member_job(p.pk) for p in others]
    outcomes = race(jobs)

    assert outcomes[:5].count("already_registered") == 4, outcomes
    assert not [o for o in outcomes if str(o).startswith("error")], outcomes
    assert event.registrations.filter(person=member).count() == 1
    assert event.registrations.filter(status="confirmed").count() == 1
    assert event.registrations.filter(status="waitlisted").count() == 3


def test_two_workers_sending_the_reminders_send_each_once(place: Any, make_event: Any) -> None:
    needs_postgresql()
    from django.core import mail

    from comptoir.agenda import notifications
    from comptoir.agenda.tests.conftest import local_at

    event = make_event(start=local_at(place, 6, 10), capacity=None)
    for i in range(10):
        register_guest(event=event, guest=Guest(f"P{i}", email=f"p{i}@example.org"))
    mail.outbox.clear()
    now = local_at(place, 5, 6)

    sent = race([lambda: notifications.send_reminders(now=now) for _ in range(4)])

    assert sum(sent) == 10, sent
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{i}@example.org" for i in range(10))
    assert event.registrations.filter(reminded_at=now).count() == 10
