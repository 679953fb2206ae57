"""Emails of the roster: the gaps ahead told to the place's concierges, a swap offered to
one concierge told to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from comptoir.community.models import CONCIERGE_ROLES, Person, PlaceRole
from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.places.models import Place

if TYPE_CHECKING:
    from comptoir.roster.selectors import Gap

GAPS = "roster/email/gaps"


def concierges_of(place: Place) -> list[Person]:
    ids = (
        PlaceRole.objects.current()
        .filter(place=place, role__in=CONCIERGE_ROLES)
        .values_list("person_id", flat=True)
    )
    return list(Person.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk"))


def notify_gaps(place: Place, gaps: list[Gap]) -> int:
    """Each concierge of the place is written to, in their language, once the alert is
    committed; returns how many emails will leave."""
    first = min(gap.day for gap in gaps)
    context = {
        "place": place,
        "gaps": gaps,
        "roster_url": absolute_url(
            reverse("roster:month", args=[place.slug]) + f"?month={first:%Y-%m}"
        ),
    }
    sent = 0
    for person in concierges_of(place):
        send_email(GAPS, Recipient.of(person), {**context, "person": person})
        sent += 1
    return sent
