"""Ten concierges give the same overlapping role at the same instant: exactly one wins."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection

from comptoir.community import services
from comptoir.community.exceptions import RoleOverlap
from comptoir.community.models import Person, PlaceRole, Role
from comptoir.places.models import Place

THREADS = 10


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_it_creates_one_role_when_ten_requests_race(concierge, person, place):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def give_role(n: int) -> None:
        try:
            by = Person.objects.get(pk=concierge.pk)
            target = Person.objects.get(pk=person.pk)
            where = Place.objects.get(pk=place.pk)
            barrier.wait(timeout=30)
            try:
                services.place_role_assign(
                    person=target,
                    place=where,
                    role=Role.NOMAD,
                    by=by,
                    # Different but overlapping periods: each one collides with all others.
                    valid_from=datetime.date(2030, 1, 1) + datetime.timedelta(days=n),
                    valid_until=datetime.date(2030, 6, 30),
                )
                result = "created"
            except RoleOverlap:
                result = "overlap"
        except Exception as error:  # recorded, so the assertion shows it
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=give_role, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["created"] + ["overlap"] * (THREADS - 1)
    assert PlaceRole.objects.filter(person=person, role=Role.NOMAD).count() == 1
