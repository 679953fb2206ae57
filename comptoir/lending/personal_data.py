"""The library's part of a person's data (see `community.personal_data`): their loans and
the items they lend. Erasure keeps the loans (the place's record of what was lent, and the
deposits in billing) with the anonymised person, and cancels their pending reservations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.lending.models import Item, Loan


def _loans(person: Person) -> list[Row]:
    loans = Loan.objects.filter(borrower=person).select_related("item__place").order_by("pk")
    return [
        {
            "item": loan.item.name,
            "place": loan.item.place.name,
            "starts_on": cell(loan.starts_on),
            "due_on": cell(loan.due_on),
            "status": loan.get_status_display(),
            "returned_at": cell(loan.returned_at),
        }
        for loan in loans
    ]


def _items(person: Person) -> list[Row]:
    items = Item.objects.filter(owner=person).select_related("place").order_by("pk")
    return [{"name": item.name, "place": item.place.name} for item in items]


def erase(erasure: Erasure) -> None:
    Loan.objects.filter(borrower=erasure.person, status=Loan.Status.RESERVED).update(
        status=Loan.Status.CANCELLED
    )
    erasure.scrub_audit(
        Loan, list(Loan.objects.filter(borrower=erasure.person).values_list("pk", flat=True))
    )


PROVIDER = Provider(
    app="lending",
    order=64,
    sections=(
        Section(
            "loans",
            _("Loans of the library of things"),
            (
                ("item", _("item")),
                ("place", _("place")),
                ("starts_on", _("from")),
                ("due_on", _("due on")),
                ("status", _("status")),
                ("returned_at", _("returned at")),
            ),
            _loans,
        ),
        Section(
            "lent_items",
            _("Items you lend"),
            (("name", _("name")), ("place", _("place"))),
            _items,
        ),
    ),
    erase=erase,
)
