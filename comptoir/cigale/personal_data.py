"""The Cigale's part of a person's data: their pledges and their movements in each fund.

Erasure keeps the ledger linked to the anonymised person: the club's accounts and each
member's share depend on it (as a treasurer's books would)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.cigale.models import Entry, Pledge
from comptoir.community.models import Person
from comptoir.community.personal_data import Provider, Row, Section, cell, cents


def _pledges(person: Person) -> list[Row]:
    rows = Pledge.objects.filter(person=person).select_related("club").order_by("pk")
    return [{"club": p.club.name, "monthly": cents(p.monthly_cents)} for p in rows]


def _entries(person: Person) -> list[Row]:
    rows = Entry.objects.filter(person=person).select_related("club").order_by("pk")
    return [
        {
            "club": e.club.name,
            "kind": e.get_kind_display(),
            "amount": cents(e.amount_cents),
            "on": cell(e.on),
        }
        for e in rows
    ]


PROVIDER = Provider(
    app="cigale",
    order=61,
    sections=(
        Section(
            "cigale_pledges",
            _("Cigale savings pledges"),
            (("club", _("club")), ("monthly", _("monthly pledge"))),
            _pledges,
        ),
        Section(
            "cigale_entries",
            _("Cigale fund movements"),
            (("club", _("club")), ("kind", _("kind")), ("amount", _("amount")), ("on", _("date"))),
            _entries,
        ),
    ),
)
