"""Access's part of a person's data (see `community.personal_data`): subscriptions, ticket
books with their ledger, day passes. Erasure keeps them all (accounting and the settlement
between places rest on them), linked to the anonymised person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.access.models import DayPass, Subscription, TicketBook, TicketMovement
from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell, cents


def _subscriptions(person: Person) -> list[Row]:
    subscriptions = Subscription.objects.filter(person=person).select_related("plan", "place")
    return [
        {
            "plan": sub.plan.name,
            "place": sub.place.name,
            "status": sub.get_status_display(),
            "started_on": cell(sub.started_on),
            "committed_until": cell(sub.committed_until),
            "ended_on": cell(sub.ended_on),
            "monthly_price": cents(sub.price_cents),
        }
        for sub in subscriptions.order_by("started_on", "pk")
    ]


def _books(person: Person) -> list[Row]:
    books = TicketBook.objects.filter(person=person).with_balance().select_related("plan", "place")
    return [
        {
            "id": book.pk,
            "plan": book.plan.name,
            "place": book.place.name,
            "network_wide": book.network_id is not None,
            "tickets": book.tickets,
            "unit": book.get_unit_display(),
            "balance": book.balance,
            "purchased_on": cell(book.purchased_on),
            "expires_on": cell(book.expires_on),
        }
        for book in books.order_by("purchased_on", "pk")
    ]


def _movements(person: Person) -> list[Row]:
    movements = TicketMovement.objects.filter(book__person=person).select_related("place")
    return [
        {
            "book": movement.book_id,
            "at": cell(movement.at),
            "kind": movement.get_kind_display(),
            "quantity": movement.quantity,
            "place": movement.place.name,
            "reason": movement.reason,
        }
        for movement in movements.order_by("book_id", "at", "pk")
    ]


def _day_passes(person: Person) -> list[Row]:
    passes = DayPass.objects.filter(person=person).select_related("plan", "place")
    return [
        {
            "plan": day_pass.plan.name,
            "place": day_pass.place.name,
            "valid_on": cell(day_pass.valid_on),
        }
        for day_pass in passes.order_by("valid_on", "pk")
    ]


def erase(erasure: Erasure) -> None:
    person = erasure.person
    for model in (Subscription, TicketBook, DayPass):
        erasure.scrub_audit(model, model.objects.filter(person=person).values_list("pk", flat=True))


PROVIDER = Provider(
    app="access",
    order=30,
    sections=(
        Section(
            "subscriptions",
            _("Subscriptions"),
            (
                ("plan", _("plan")),
                ("place", _("place")),
                ("status", _("status")),
                ("started_on", _("start")),
                ("committed_until", _("committed until")),
                ("ended_on", _("ended on")),
                ("monthly_price", _("monthly price (€)")),
            ),
            _subscriptions,
        ),
        Section(
            "ticket_books",
            _("Ticket books"),
            (
                ("id", _("number")),
                ("plan", _("plan")),
                ("place", _("sold by")),
                ("network_wide", _("valid across the network")),
                ("tickets", _("tickets bought")),
                ("unit", _("one ticket buys")),
                ("balance", _("tickets left")),
                ("purchased_on", _("bought on")),
                ("expires_on", _("valid until")),
            ),
            _books,
        ),
        Section(
            "ticket_movements",
            _("Ticket movements"),
            (
                ("book", _("book")),
                ("at", _("when")),
                ("kind", _("kind")),
                ("quantity", _("tickets")),
                ("place", _("place")),
                ("reason", _("reason")),
            ),
            _movements,
        ),
        Section(
            "day_passes",
            _("Day passes"),
            (("plan", _("plan")), ("place", _("place")), ("valid_on", _("valid on"))),
            _day_passes,
        ),
    ),
    erase=erase,
)
