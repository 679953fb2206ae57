"""Applying the changes of adopted proposals through the apps that own the settings, on
their effective date: by the scheduler each day, at once when the date is already reached.

Each change is applied in a savepoint: a change the owning app now refuses (the offer was
deleted, the role overlaps one given since) is marked failed with the reason and audited,
and the others still apply."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comptoir.core.exceptions import DomainError
from comptoir.core.services import audit_record
from comptoir.governance import changes as change_kinds
from comptoir.governance.audit import Verb
from comptoir.governance.models import Change, Proposal


def _apply_one(change: Change) -> None:
    proposal = change.proposal
    kind = change_kinds.KINDS[change.kind]
    error = ""
    try:
        with transaction.atomic():
            target = kind.check(proposal.body, change.target_id, change.value).obj
            on = change.effective_on or timezone.localdate()
            kind.apply(target, change.value, on, proposal)
    except DomainError as refused:
        error = refused.message
    change.status = Change.Status.FAILED if error else Change.Status.APPLIED
    change.applied_at, change.error = timezone.now(), error[:300]
    change.save(update_fields=["status", "applied_at", "error", "updated_at"])
    audit_record(
        actor=None,
        verb=Verb.CHANGE_FAILED if error else Verb.CHANGE_APPLIED,
        target=change,
        place=proposal.body.place,
        data={"decision": proposal.pk, "kind": change.kind, "value": change.value},
    )


@transaction.atomic
def changes_apply_due(*, today: date | None = None, proposal: Proposal | None = None) -> int:
    """Apply the scheduled changes whose date has come; a change locked by another run is
    left to it (each is applied once)."""
    today = today or timezone.localdate()
    due = Change.objects.filter(
        Q(effective_on__isnull=True) | Q(effective_on__lte=today), status=Change.Status.SCHEDULED
    )
    if proposal is not None:
        due = due.filter(proposal=proposal)
    changes = list(
        due.select_for_update(skip_locked=True, of=("self",))
        .select_related("proposal__body")
        .order_by("effective_on", "pk")[:500]
    )
    for change in changes:
        _apply_one(change)
    return len(changes)
