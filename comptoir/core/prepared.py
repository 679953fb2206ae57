"""A cursor whose statements PostgreSQL plans once per connection.

Django binds parameters on the client, so PostgreSQL plans every statement it receives. For
the check-in's snapshot, planning took three times as long as running it (0.95 of 1.25 ms
of the database's time, on every check-in). Through this cursor the statement is sent with
server-side parameters and prepared: each connection plans it once and reuses the plan.

Only for the few plain-SQL statements of the hot paths, written once with `%(name)s`
parameters. Behind PgBouncer in transaction mode, use PgBouncer 1.21 or later with
`max_prepared_statements`, or set `PREPARED_STATEMENTS=false`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

NEVER_BY_COUNT = 2**31 - 1
M = TypeVar("M", bound=Model)


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A Django cursor (logged and counted like any other) that prepares what it runs on
    PostgreSQL; the ordinary cursor elsewhere or when prepared statements are turned off."""
    # The wrapper, not the `connection` proxy: each read through the proxy is a thread-local
    # lookup, and the hot paths open several of these cursors per request.
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or not settings.PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    psycopg_connection = connection.connection
    if psycopg_connection.prepare_threshold is None:
        # Django turns psycopg's preparing off (None), which also ignores prepare=True. A
        # threshold no statement reaches keeps every other cursor unprepared (Django's are
        # client-side anyway) while this one asks for it, statement by statement.
        psycopg_connection.prepare_threshold = NEVER_BY_COUNT
    raw = _preparing_cursor_class()(psycopg_connection)
    wrapped = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    try:
        yield wrapped
    finally:
        raw.close()


@functools.cache
def _preparing_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):  # type: ignore[misc,valid-type]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            kwargs["prepare"] = True
            return super().execute(query, params, **kwargs)  # type: ignore[misc]

    return PreparingCursor


def model_columns(model: type[Model], alias: str) -> str:
    """The model's concrete columns, in field order, for the SELECT of `prepared_instances`
    (never `alias.*`: a prepared plan must not change its result's shape under a migration)."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def prepared_instances(
    model: type[M], sql: str, params: Any, *, extras: Sequence[str] = ()
) -> list[M]:
    """Instances of `model` from a prepared plain statement whose rows hold the model's
    concrete columns (`model_columns`), then the `extras`, set as attributes by name.

    For the statements every API call runs (the token, the place, the person's lock): a raw
    queryset sends them unprepared, so PostgreSQL planned the token's three-table join on
    every call (0.4–0.75 ms against 0.03 ms to run it), and it reads the cursor's column
    description row by row. Values go through the same converters as the ORM's."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    converters = _converters(model, connection.vendor)
    instances = []
    for row in rows:
        values = list(row)
        for index, field, convert in converters:
            for converter in convert:
                values[index] = converter(values[index], field, connection)
        instance = model.from_db(connection.alias, names, values[: len(fields)])
        for name, value in zip(extras, values[len(fields) :], strict=True):
            setattr(instance, name, value)
        instances.append(instance)
    return instances


@functools.cache
def _converters(model: type[Model], vendor: str) -> list[tuple[int, Any, list[Any]]]:
    """(position, column expression, converters) of the model's fields that need any on this
    database (none on PostgreSQL for the usual fields; dates, booleans… on SQLite)."""
    found = []
    connection = connections[DEFAULT_DB_ALIAS]
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        convert = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if convert:
            found.append((index, column, convert))
    return found
