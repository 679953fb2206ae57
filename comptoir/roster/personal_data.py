"""The roster's part of a person's data (see `community.personal_data`): their shifts and
the swaps they offered.

Erasure takes the person off the shifts to come (their slots free again) and withdraws
their open swaps; the shifts already held stay with the anonymised person, for the hours
counted in the place's months."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.roster.models import Assignment, Swap


def _shifts(person: Person) -> list[Row]:
    assignments = (
        Assignment.objects.filter(person=person).select_related("shift__place").order_by("pk")
    )
    return [
        {
            "place": assignment.shift.place.name,
            "starts_at": cell(assignment.shift.starts_at),
            "ends_at": cell(assignment.shift.ends_at),
            "label": assignment.shift.label,
        }
        for assignment in assignments
    ]


def _swaps(person: Person) -> list[Row]:
    swaps = Swap.objects.filter(offered_by=person).select_related("assignment__shift")
    return [
        {
            "shift": cell(swap.assignment.shift.starts_at),
            "note": swap.note,
            "status": swap.get_status_display(),
        }
        for swap in swaps.order_by("pk")
    ]


def erase(erasure: Erasure) -> None:
    person = erasure.person
    Swap.objects.filter(offered_by=person, status=Swap.Status.OPEN).update(
        status=Swap.Status.WITHDRAWN, decided_at=erasure.at
    )
    Swap.objects.filter(offered_by=person).update(note="")
    Assignment.objects.filter(person=person, shift__starts_at__gt=timezone.now()).delete()


PROVIDER = Provider(
    app="roster",
    order=65,
    sections=(
        Section(
            "roster_shifts",
            _("Shifts on duty"),
            (
                ("place", _("place")),
                ("starts_at", _("starts at")),
                ("ends_at", _("ends at")),
                ("label", _("label")),
            ),
            _shifts,
        ),
        Section(
            "roster_swaps",
            _("Shift swaps offered"),
            (("shift", _("shift")), ("note", _("note")), ("status", _("status"))),
            _swaps,
        ),
    ),
    erase=erase,
)
