from __future__ import annotations

from django.db.models import QuerySet

from comptoir.core.models import AuditEvent


def audit_events_for_place(
    *, place_id: int, verb: str = "", actor_query: str = ""
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.for_place(place_id).select_related("actor")
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor_query:
        qs = qs.filter(actor__email__icontains=actor_query)
    return qs


def audit_verbs_for_place(*, place_id: int) -> list[str]:
    return list(
        AuditEvent.objects.for_place(place_id)
        .order_by("verb")
        .values_list("verb", flat=True)
        .distinct()[:100]
    )
