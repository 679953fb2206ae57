"""Save a few new rows that reference each other, in one round trip to PostgreSQL.

A check-in writes a ticket movement, the visit that points to it, the half-days it covers
and its audit event. Saved one by one, each waits for the previous one's new id: four round
trips and four ORM inserts on the busiest call of a place. On PostgreSQL they become one
statement of data-modifying CTEs, each row taking the ids it needs from the earlier ones;
elsewhere (SQLite) the objects are simply saved in order.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignKey, Model

from comptoir.core.prepared import prepared_cursor


@dataclass(frozen=True)
class IdOf:
    """A field value standing for the new id of an earlier object (e.g. an audit event's
    `target_id`, a text column)."""

    obj: Model


def save_chained(objs: Sequence[Model], *, ignoring: Sequence[Model] = ()) -> None:
    """Insert the unsaved `objs` in order and set their primary keys. A foreign key may
    point to an earlier object of `objs`, and a field may hold `IdOf(earlier object)`.

    The rows of `ignoring` are inserted in the same statement unless they would break a
    unique constraint (ON CONFLICT DO NOTHING; their ids are not read back): facts that may
    already be known, such as a person's tie to a place."""
    if connection.vendor != "postgresql":
        save_in_order(objs)
        for obj in ignoring:
            type(obj)._default_manager.bulk_create([obj], ignore_conflicts=True)
        return
    position = {id(obj): index for index, obj in enumerate(objs)}
    # The wrapper itself, not the `connection` proxy: every column's conversion reads it,
    # and each read through the proxy is a thread-local lookup (~50 per check-in).
    wrapper = connections[DEFAULT_DB_ALIAS]
    shape, params, links = _shape(objs, position, wrapper)
    extra, extra_params, _links = _shape(ignoring, {}, wrapper)
    with prepared_cursor() as cursor:  # planned once per connection and shape
        cursor.execute(_statement(shape, extra), params + extra_params)
        ids = cursor.fetchone()
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    for obj, field, source in links:
        setattr(obj, field.attname, field.to_python(objs[source].pk))
        if isinstance(field, ForeignKey):
            # Setting the id forgot the related object Django had cached: keep it.
            field.set_cached_value(obj, objs[source])


def save_in_order(objs: Sequence[Model]) -> None:
    """What `save_chained` does elsewhere than on PostgreSQL: one insert per run of objects
    of the same model, in order. Like the PostgreSQL statement, it sends no signals: a
    receiver (such as the place ties') must not write twice what the caller already writes."""
    for _model, run in itertools.groupby(objs, key=type):
        group = list(run)
        for obj in group:
            for field in _insert_fields(type(obj)):
                value = getattr(obj, field.attname)
                if isinstance(value, IdOf):
                    setattr(obj, field.attname, field.to_python(value.obj.pk))
        type(group[0])._base_manager.bulk_create(group)


# One step of the statement: the model, and for each column either None (a parameter) or
# the index of the earlier step whose new id it takes.
Step = tuple[type[Model], tuple[tuple[str, int | None], ...]]
Link = tuple[Model, Field, int]


def _shape(
    objs: Sequence[Model], position: dict[int, int], wrapper: BaseDatabaseWrapper
) -> tuple[tuple[Step, ...], list[Any], list[Link]]:
    steps: list[Step] = []
    params: list[Any] = []
    links: list[Link] = []
    for obj in objs:
        columns: list[tuple[str, int | None]] = []
        for field in _insert_fields(type(obj)):
            source = _source(obj, field, position)
            columns.append((str(field.column), source))
            if source is None:
                value = field.pre_save(obj, True)
                params.append(field.get_db_prep_save(value, connection=wrapper))
            else:
                links.append((obj, field, source))
        steps.append((type(obj), tuple(columns)))
    return tuple(steps), params, links


def _source(obj: Model, field: Field, position: dict[int, int]) -> int | None:
    """The index of the earlier object whose new id this column takes, if any."""
    value = getattr(obj, field.attname)
    if isinstance(value, IdOf):
        return position[id(value.obj)]
    if isinstance(field, ForeignKey) and value is None and field.is_cached(obj):
        related = field.get_cached_value(obj)
        if related is not None and related.pk is None:
            return position[id(related)]
    return None


@functools.cache
def _insert_fields(model: type[Model]) -> tuple[Field, ...]:
    """Every concrete column but the generated primary key."""
    pk = model._meta.pk
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not (field is pk and getattr(field, "db_returning", False))
    )


@functools.cache
def _statement(shape: tuple[Step, ...], ignoring: tuple[Step, ...] = ()) -> str:
    parts = [
        f"s{index} AS ({_insert(model, columns, shape)} RETURNING {_pk(model)})"
        for index, (model, columns) in enumerate(shape)
    ]
    # Data-modifying CTEs run whether or not the final SELECT reads them.
    parts += [
        f"i{index} AS ({_insert(model, columns, shape)} ON CONFLICT DO NOTHING)"
        for index, (model, columns) in enumerate(ignoring)
    ]
    ids = ", ".join(f"(SELECT {_pk(model)} FROM s{i})" for i, (model, _c) in enumerate(shape))
    return f"WITH {', '.join(parts)} SELECT {ids}"


def _insert(model: type[Model], columns: tuple[tuple[str, int | None], ...], shape: Any) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column, _source in columns)
    values = ", ".join(
        "%s" if source is None else f"(SELECT {_pk(shape[source][0])} FROM s{source})"
        for _column, source in columns
    )
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({values})"


def _pk(model: type[Model]) -> str:
    return connection.ops.quote_name(str(model._meta.pk.column))
