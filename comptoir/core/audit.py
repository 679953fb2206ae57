"""Audit verbs: each app declares the verbs its services write as an `AuditVerb` enum in its
`audit.py` (`NAME = "<entity>.<what happened>", _("Label")`); the strings are what is stored.

`core` knows no domain app: `CoreConfig.ready()` imports every installed app's `audit`
module (as the admin finds `admin` modules), and the labels are read from the enums."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    "documentation.press_added": _("Press item added"),
    "documentation.press_removed": _("Press item removed"),
    "documentation.resource_added": _("Shared resource added"),
    "documentation.resource_removed": _("Shared resource removed"),
    "documentation.section_saved": _("Documentation section saved"),
    "event.cancelled": _("Event cancelled"),
    "event.created": _("Event scheduled"),
    "event.updated": _("Event changed"),
    "registration.cancelled": _("Registration cancelled"),
    "registration.created": _("Registration to an event"),
    "registration.marked": _("Attendance marked"),
    "registration.promoted": _("Promoted from an event's waitlist"),
    "registration.public_recorded": _("Public recorded (with consent)"),
    "registration.walk_in": _("Walk-in added to an event"),
}


def verb_label(verb: str) -> str:
    """The translated label of a verb; the code itself for a verb no app declares."""
    return str(verb_labels().get(verb, verb))
