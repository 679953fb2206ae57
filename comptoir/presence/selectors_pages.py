"""Small reads the presence pages need besides comptoir.presence.selectors: lookups by slug
or id that raise DoesNotExist (the views turn it into a 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from comptoir.presence.models import Visit

if TYPE_CHECKING:
    from comptoir.core.types import Actor


def visit_get(*, pk: int) -> Visit:
    return Visit.objects.select_related("place", "person").get(pk=pk)


def open_visit_among(visits: list[Visit], person: Actor) -> Visit | None:
    """The person's visit in a list of open visits (present_now always lists the viewer's)."""
    return next((visit for visit in visits if visit.person_id == person.pk), None)
