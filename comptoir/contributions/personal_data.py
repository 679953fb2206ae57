"""Contributions' part of a person's data (see `community.personal_data`): what they
contributed and their shares of prestations. Erasure keeps both (the ledger of
contributions and the amounts shared out), linked to the anonymised person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell, cents
from comptoir.contributions.models import Contribution, Share


def _contributions(person: Person) -> list[Row]:
    contributions = Contribution.objects.filter(contributor=person).select_related(
        "project", "place"
    )
    return [
        {
            "to": str(contribution.project or contribution.place),
            "kind": contribution.get_kind_display(),
            "description": contribution.description,
            "quantity": cell(contribution.quantity),
            "unit": contribution.get_unit_display(),
            "date": cell(contribution.happened_on),
            "status": contribution.get_status_display(),
        }
        for contribution in contributions.order_by("happened_on", "pk")
    ]


def _shares(person: Person) -> list[Row]:
    shares = Share.objects.filter(person=person).select_related("prestation")
    return [
        {
            "prestation": share.prestation.title,
            "delivered_on": cell(share.prestation.delivered_on),
            "weighted_hours": cell(share.weighted_hours),
            "amount": cents(share.amount_cents),
        }
        for share in shares.order_by("prestation__delivered_on", "pk")
    ]


def erase(erasure: Erasure) -> None:
    ids = Contribution.objects.filter(contributor=erasure.person).values_list("pk", flat=True)
    erasure.scrub_audit(Contribution, ids)


PROVIDER = Provider(
    app="contributions",
    order=85,
    sections=(
        Section(
            "contributions",
            _("Contributions"),
            (
                ("to", _("to")),
                ("kind", _("kind")),
                ("description", _("what it was")),
                ("quantity", _("quantity")),
                ("unit", _("unit")),
                ("date", _("date")),
                ("status", _("status")),
            ),
            _contributions,
        ),
        Section(
            "shares",
            _("Shares of prestations"),
            (
                ("prestation", _("prestation")),
                ("delivered_on", _("delivered on")),
                ("weighted_hours", _("weighted hours")),
                ("amount", _("amount (€)")),
            ),
            _shares,
        ),
    ),
    erase=erase,
)
