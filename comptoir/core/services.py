from __future__ import annotations

from typing import Any

from django.db import models

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
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:200],
        place=place,
        data=data or {},
    )
