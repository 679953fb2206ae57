from __future__ import annotations

from typing import Any

from django.db import models

from comptoir.core.chained import IdOf
from comptoir.core.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    place: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row; call it inside the service's transaction."""
    event = audit_event(actor=actor, verb=verb, target=target, place=place, data=data)
    if target.pk is None:
        event.target_id = ""
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    place: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """The audit row `audit_record` writes, unsaved: for a service that saves it along with
    a new target (`core.chained.save_chained`, which fills in the target's id)."""
    fields: dict[str, Any] = {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "verb": verb,
        "target_type": target._meta.label_lower,
        "target_id": str(target.pk) if target.pk is not None else IdOf(target),
        "target_repr": str(target)[:200],
        "place": place,
        "data": data or {},
    }
    return AuditEvent(**fields)
