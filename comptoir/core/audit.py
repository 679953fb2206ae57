"""Audit verbs: each app declares the verbs its services write as an `AuditVerb` enum in its
`audit.py` (`NAME = "<entity>.<what happened>", _("Label")`); the strings are what is stored.

`core` knows no domain app: `CoreConfig.ready()` imports every installed app's `audit`
module (as the admin finds `admin` modules), and the labels are read from the enums."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class AuditVerb(models.TextChoices):
    """The base of every app's verbs; `audit_record` takes nothing else."""


def verb_classes() -> list[type[AuditVerb]]:
    """Every app's verb enum (their modules are imported when the apps are ready)."""
    found, todo = [], list(AuditVerb.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


@cache
def verb_labels() -> dict[str, _StrOrPromise]:
    """Every declared verb with its label."""
    labels: dict[str, _StrOrPromise] = dict(VERB_LABELS)
    for cls in verb_classes():
        labels.update({verb.value: verb.label for verb in cls})
    return labels


# Labels of the verbs not yet declared by their app's enum (emptied as each app declares them).
VERB_LABELS = {
    "affiliation.created": _("Affiliation added"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "booking.cancelled": _("Booking cancelled"),
    "calendar_feed.created": _("Calendar feed created"),
    "calendar_feed.revoked": _("Calendar feed revoked"),
    "booking.created": _("Booking made"),
    "booking.moved": _("Booking moved"),
    "booking.series_created": _("Recurring booking made"),
    "equipment.created": _("Equipment added"),
    "nearby_place.set": _("Nearby place set"),
    "order.created": _("Sale recorded"),
    "payment.recorded": _("Payment recorded"),
    "plan.created": _("Offer created"),
    "plan.sold": _("Offer sold"),
    "plan.updated": _("Offer updated"),
    "organization.created": _("Structure created"),
    "organization.updated": _("Structure updated"),
    "person.created": _("Account created"),
    "person.skills_set": _("Skills updated"),
    "person.updated": _("Profile updated"),
    "place.created": _("Place created"),
    "place.updated": _("Place updated"),
    "qualification.granted": _("Training granted"),
    "resource.created": _("Bookable resource added"),
    "resource.updated": _("Booking rules changed"),
    "role.assigned": pgettext_lazy("audit", "Role given"),
    "role.ended": pgettext_lazy("audit", "Role ended"),
    "role.withdrawn": pgettext_lazy("audit", "Role withdrawn"),
    "space.created": _("Space created"),
    "space.updated": _("Space updated"),
    "subscription.cancelled": _("Subscription set to end at the end of the period"),
    "subscription.ended": _("Subscription ended"),
    "subscription.paused": _("Subscription paused"),
    "subscription.renewed": _("Subscription renewed"),
    "subscription.resumed": _("Subscription resumed"),
    "subscription.uncancelled": _("Subscription continues"),
    "ticket_book.corrected": _("Ticket balance corrected"),
    "ticket_book.refunded": _("Ticket refunded"),
    "visit.checked_in": _("Checked in"),
    "visit.checked_out": _("Checked out"),
    "waitlist.joined": _("Joined a waitlist"),
    "waitlist.left": _("Left a waitlist"),
    "waitlist.offered": _("Waitlist slot offered"),
    "visit.override": _("Let in by a concierge (override)"),
}


def verb_label(verb: str) -> str:
    """The translated label of a verb; the code itself for a verb no app declares."""
    return str(verb_labels().get(verb, verb))
