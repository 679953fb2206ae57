"""Presence's part of a person's data (see `community.personal_data`): their visits.
Erasure keeps the visits (the places' attendance counts and what paid for them), linked to
the anonymised person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.presence.models import Visit


def _visits(person: Person) -> list[Row]:
    visits = Visit.objects.filter(person=person).select_related("place", "space")
    return [
        {
            "place": visit.place.name,
            "space": visit.space.name if visit.space else "",
            "day": cell(visit.day),
            "checked_in_at": cell(visit.checked_in_at),
            "checked_out_at": cell(visit.checked_out_at),
            "access": visit.get_access_display(),
        }
        for visit in visits.order_by("checked_in_at", "pk")
    ]


def erase(erasure: Erasure) -> None:
    ids = Visit.objects.filter(person=erasure.person).values_list("pk", flat=True)
    erasure.scrub_audit(Visit, ids)


PROVIDER = Provider(
    app="presence",
    order=40,
    sections=(
        Section(
            "visits",
            _("Visits"),
            (
                ("place", _("place")),
                ("space", _("space")),
                ("day", _("day")),
                ("checked_in_at", _("arrived at")),
                ("checked_out_at", _("left at")),
                ("access", _("access")),
            ),
            _visits,
        ),
    ),
    erase=erase,
)
