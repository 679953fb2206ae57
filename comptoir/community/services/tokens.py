"""Personal API tokens, stored hashed."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from comptoir.community import permissions
from comptoir.community.models import (
    ApiToken,
    Person,
)
from comptoir.community.services._common import save_clean as _save_clean
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, person: Person, name: str, by: Any) -> tuple[ApiToken, str]:
    """Create a personal token; returns it with its secret, which is never stored."""
    if not permissions.can_edit_person(by, person):
        raise NotAllowed()
    secret = "cpt_" + secrets.token_urlsafe(32)
    token = ApiToken(
        person=person,
        name=name.strip()[:80] or "API",
        prefix=secret[:12],
        hashed=_hash_token(secret),
    )
    _save_clean(token)
    audit_record(actor=by, verb="api_token.created", target=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    if not permissions.can_edit_person(by, token.person):
        raise NotAllowed()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=by, verb="api_token.revoked", target=token)
    return token


def api_token_authenticate(*, secret: str) -> Person | None:
    """The active person owning this token secret, or None."""
    token = (
        ApiToken.objects.select_related("person")
        .filter(hashed=_hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.person.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute so authenticated reads stay read-only.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person
