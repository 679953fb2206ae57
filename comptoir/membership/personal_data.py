"""Membership's part of a person's data (see `community.personal_data`): their memberships
and the shares they hold.

Erasure keeps both with the anonymised person: an association keeps its register of members
and a cooperative its share register (the capital and who subscribed it are part of its
accounts); only the names written in the audit rows are rewritten."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell, cents
from comptoir.membership.models import Associate, Membership


def _memberships(person: Person) -> list[Row]:
    memberships = Membership.objects.filter(person=person).order_by("starts_on", "pk")
    return [
        {
            "card": m.card_number,
            "starts_on": cell(m.starts_on),
            "ends_on": cell(m.ends_on),
            "fee": cents(m.fee_cents),
        }
        for m in memberships
    ]


def _shares(person: Person) -> list[Row]:
    holdings = Associate.objects.filter(person=person).order_by("pk")
    return [
        {
            "category": a.get_category_display(),
            "shares_held": cell(a.shares_held),
            "unpaid": cents(a.unpaid_cents),
        }
        for a in holdings
    ]


def erase(erasure: Erasure) -> None:
    memberships = Membership.objects.filter(person=erasure.person).values_list("pk", flat=True)
    erasure.scrub_audit(Membership, list(memberships))


PROVIDER = Provider(
    app="membership",
    order=27,
    sections=(
        Section(
            "memberships",
            _("Memberships"),
            (
                ("card", _("card number")),
                ("starts_on", _("from")),
                ("ends_on", _("until")),
                ("fee", _("fee")),
            ),
            _memberships,
        ),
        Section(
            "cooperative_shares",
            _("Shares held"),
            (
                ("category", _("category")),
                ("shares_held", _("shares held")),
                ("unpaid", _("still to pay")),
            ),
            _shares,
        ),
    ),
    erase=erase,
)
