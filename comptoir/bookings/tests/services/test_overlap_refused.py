"""Which database errors mean "a concurrent transaction took the slot"."""

from __future__ import annotations

from django.db import IntegrityError, OperationalError

from comptoir.bookings.services import overlap_refused

DEADLOCK_ON_EXCLUSION = (
    "deadlock detected\nDETAIL:  Process 1 waits for ShareLock on transaction 2; blocked by "
    "process 3.\nCONTEXT:  while checking exclusion constraint on tuple (0,3) in relation "
    '"bookings_booking"'
)


def test_the_exclusion_constraint_and_its_deadlock_mean_the_slot_was_taken() -> None:
    assert overlap_refused(IntegrityError('violates exclusion constraint "booking_no_overlap"'))
    assert overlap_refused(OperationalError(DEADLOCK_ON_EXCLUSION))


def test_other_database_errors_are_not_hidden() -> None:
    assert not overlap_refused(
        IntegrityError('violates check constraint "booking_end_after_start"')
    )
    assert not overlap_refused(OperationalError("deadlock detected\nDETAIL: on a row lock"))
    assert not overlap_refused(OperationalError("server closed the connection unexpectedly"))
