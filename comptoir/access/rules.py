"""Who may change what in the access ledger: asked by the services before they write and by
the pages before they offer, so a page never offers what its service then refuses."""

from __future__ import annotations

from collections.abc import Iterable

from comptoir.access.models import TicketBook
from comptoir.community import permissions
from comptoir.core.types import Viewer


def can_correct_book(user: Viewer, book: TicketBook) -> bool:
    """A concierge of the place that sold the book: that place answers for its ledger and
    its money, wherever the correction is recorded (a network book used at a sister place
    is still corrected by its seller)."""
    return permissions.can_sell(user, book.place_id)


def books_correctable(user: Viewer, books: Iterable[TicketBook]) -> list[TicketBook]:
    """The books among `books` that `user` may correct, in the given order."""
    return [book for book in books if can_correct_book(user, book)]
