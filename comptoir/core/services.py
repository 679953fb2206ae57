from __future__ import annotations

from typing import Any

from django.db import models

from comptoir.core.audit import AuditVerb
from comptoir.core.chained import IdOf
from comptoir.core.models import AuditEvent
from comptoir.core.types import Actor


def audit_record(
    *,
    actor: Actor | None,
    verb: AuditVerb,
    target: models.Model,
    # A places.Place (core imports no domain app); None for what belongs to no place.
    place: models.Model | None = None,
    data: dict[str, Any] | None = None,
    save: bool = True,
) -> AuditEvent:
    """Write one audit row; call it inside the service's transaction.

    `save=False` returns the row unsaved, for a service that saves it along with a new
    target (`core.chained.save_chained`, which then fills in the target's id)."""
    fields: dict[str, Any] = {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "verb": verb,
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk) if target.pk is not None else IdOf(target),
        "target_repr": str(target)[:200],
        "place": place,
        "data": data or {},
    }
    event = AuditEvent(**fields)
    if save:
        if target.pk is None:
            event.target_id = ""
        event.save(force_insert=True)
    return event
