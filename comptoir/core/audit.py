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
    return {verb.value: verb.label for cls in verb_classes() for verb in cls}


def verb_label(verb: str) -> str:
    """The translated label of a verb; the code itself for a verb no app declares."""
    return str(verb_labels().get(verb, verb))


class Verb(AuditVerb):
    """What `core` itself writes: the photos of the objects the apps register."""

    PHOTO_ADDED = "photo.added", _("Photo added")
    PHOTO_REMOVED = "photo.removed", _("Photo removed")
