"""Personal API tokens, stored hashed."""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from comptoir.community import permissions
from comptoir.community.audit import Verb
from comptoir.community.models import (
    ApiToken,
    Person,
    PlaceRole,
)
from comptoir.community.services._common import save_clean as _save_clean
from comptoir.core.exceptions import NotAllowed
from comptoir.core.prepared import model_columns, prepared_instances
from comptoir.core.services import audit_record
from comptoir.core.types import Actor


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, person: Person, name: str, by: Actor) -> tuple[ApiToken, str]:
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
    audit_record(actor=by, verb=Verb.API_TOKEN_CREATED, target=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Actor) -> ApiToken:
    if not permissions.can_edit_person(by, token.person):
        raise NotAllowed()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=by, verb=Verb.API_TOKEN_REVOKED, target=token)
    return token


@functools.cache
def _authenticate_sql() -> str:
    """The token's active person and their roles valid on a day, one row per role (plain
    SQL, PostgreSQL and SQLite): every API call starts here, and with the roles known the
    permission checks that follow need no query of their own."""
    token, person, role = (m._meta.db_table for m in (ApiToken, Person, PlaceRole))
    return f"""
        SELECT {model_columns(Person, "p")}, t.id AS token_id,
          CASE WHEN t.last_used_at IS NULL OR t.last_used_at < %(stale)s THEN 1 ELSE 0 END
            AS token_stale,
          r.place_id AS role_place_id, r.role AS role_name
        FROM {token} t
        JOIN {person} p ON p.id = t.person_id
        LEFT JOIN {role} r ON r.person_id = p.id AND r.valid_from <= %(day)s
          AND (r.valid_until IS NULL OR r.valid_until >= %(day)s)
        WHERE t.hashed = %(hashed)s AND t.revoked_at IS NULL AND p.is_active
    """


def api_token_authenticate(*, secret: str) -> Person | None:
    """The active person owning this token secret, or None; their roles of today come with
    them (see `permissions.remember_roles`)."""
    now = timezone.now()
    params = {
        "hashed": _hash_token(secret),
        "day": connection.ops.adapt_datefield_value(timezone.localdate(now)),
        # Touch at most once a minute so authenticated reads stay read-only.
        "stale": connection.ops.adapt_datetimefield_value(now - timedelta(seconds=60)),
    }
    # Any: the rows also carry the statement's token and role columns.
    rows: list[Any] = prepared_instances(
        Person,
        _authenticate_sql(),
        params,
        extras=("token_id", "token_stale", "role_place_id", "role_name"),
    )
    if not rows:
        return None
    first = rows[0]
    permissions.remember_roles(
        first, [(row.role_place_id, row.role_name) for row in rows if row.role_place_id]
    )
    if first.token_stale:
        ApiToken.objects.filter(pk=first.token_id).update(last_used_at=now)
    person: Person = first
    return person
