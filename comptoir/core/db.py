"""Reports read from a replica when one is configured (issue 17 pt 4).

A yearly report scans a place's whole history; on a large network it can read from a
streaming replica of the database instead of loading the primary that serves the desks.
`reading_from_replica()` marks the reads of a block (or a decorated function) as such, and
`ReplicaRouter` (DATABASE_ROUTERS, set when DATABASE_REPLICA_URL is) sends them to the
`replica` alias. Everything else reads from, and everything writes to, `default`.

Reads inside a transaction on `default` stay there: they must see its own writes, and a
report computed inside a service would otherwise mix two snapshots. A replica lags a little
behind the primary; reports are about past periods, so that does not change them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_on_replica: ContextVar[bool] = ContextVar("comptoir_reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """The reads of this block (or decorated function) go to the replica, if there is one.
    Only for selectors that evaluate their queries before returning (not lazy QuerySets)."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    """Reads marked by `reading_from_replica` to `replica`; the rest to `default`."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if (
            _on_replica.get()
            and REPLICA in connections.settings
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        # None: Django's default, i.e. the database the hinted instance came from, else
        # `default`; objects read from the replica keep reading their relations there.
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two ways in

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema
