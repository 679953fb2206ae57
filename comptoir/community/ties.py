"""Who is tied to which place, kept as one `PlaceTie` row per (person, place).

A concierge sees a person's private data only when the person is tied to a place the
concierge serves (`community.permissions`). The ties are rows of other apps: a role here, a
visit, a booking, a registration, a purchase. Asked of those tables directly, "the people
tied to these places" is one EXISTS per kind over millions of rows, which PostgreSQL answers
by hashing every visit of the place before counting a directory page (1.2 s at 20,000
people). So each app declares its tie at start-up (`register` in its AppConfig.ready), every
new row of those models records the pair here, and the question becomes one index probe.

A tie, once made, stays while the person and the place exist: the rows that make ties are
not deleted in the normal course (bookings and registrations are cancelled, roles end),
except a role withdrawn before it started, whose service calls `forget_if_loose`. Rows written
in bulk (the generator, migrations) are followed by `rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import post_save

from comptoir.community.models import PlaceRole, PlaceTie

# The models whose rows tie a person to a place, with the lookup from a row to its place.
SOURCES: dict[type[models.Model], str] = {}


def register(model: type[models.Model], place_lookup: str) -> None:
    """Rows of `model` (with a `person` foreign key) tie that person to the place reached by
    `place_lookup` (e.g. `resource__place_id`)."""
    SOURCES[model] = place_lookup
    post_save.connect(_saved, sender=model, dispatch_uid=f"place-tie-{model._meta.label}")


def tie(person_id: int, place_id: int) -> PlaceTie:
    """The unsaved row for this pair (for `core.chained.save_chained(…, ignoring=…)`)."""
    return PlaceTie(person_id=person_id, place_id=place_id)


def record(pairs: Iterable[tuple[int, int]]) -> None:
    """Record these (person_id, place_id) ties; those already known are left as they are."""
    rows = [tie(person_id, place_id) for person_id, place_id in set(pairs)]
    if rows:
        PlaceTie.objects.bulk_create(rows, ignore_conflicts=True)


def forget_if_loose(person_id: int, place_id: int) -> None:
    """Drop the tie when no row ties this person to this place any more."""
    for model, lookup in SOURCES.items():
        if model._default_manager.filter(person_id=person_id, **{lookup: place_id}).exists():
            return
    PlaceTie.objects.filter(person_id=person_id, place_id=place_id).delete()


def pairs_from_sources() -> set[tuple[int, int]]:
    """Every (person_id, place_id) the source rows tie, read from them (tests compare it
    with the table)."""
    pairs: set[tuple[int, int]] = set()
    for model, lookup in SOURCES.items():
        pairs.update(_source_rows(model, lookup).values_list("person_id", lookup))
    return pairs


@transaction.atomic
def rebuild() -> None:
    """Make the table exactly the ties the source rows hold (after writes in bulk)."""
    PlaceTie.objects.all().delete()
    for model, lookup in SOURCES.items():
        copy_ties(model, lookup, PlaceTie)


def copy_ties(model: type[models.Model], lookup: str, tie_model: type[models.Model]) -> None:
    """One INSERT … SELECT DISTINCT of the pairs of `model` into the tie table (also used by
    the data migrations, with their historical models)."""
    query = _source_rows(model, lookup).values_list("person_id", lookup).distinct().query
    sql, params = query.sql_with_params()
    table = connection.ops.quote_name(tie_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_id, place_id) {sql} ON CONFLICT DO NOTHING", params
        )


def backfill(app_label: str, model_name: str, lookup: str) -> Any:
    """A RunPython function for the migration that makes a model's existing rows ties."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        copy_ties(
            apps.get_model(app_label, model_name),
            lookup,
            apps.get_model("community", "PlaceTie"),
        )

    return forwards


def _source_rows(model: type[models.Model], lookup: str) -> models.QuerySet[Any]:
    rows = model._default_manager.filter(person__isnull=False, **{f"{lookup}__isnull": False})
    return rows.order_by()  # a model's default ordering would join the DISTINCT


def _saved(sender: type[models.Model], instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw") or instance.person_id is None:
        return
    place_id = _place_of(instance, SOURCES[sender])
    if place_id is not None:
        record([(instance.person_id, place_id)])


def _place_of(instance: Any, lookup: str) -> int | None:
    """The place id reached by `lookup` from a saved row (the related rows are usually in
    memory already: a booking is created with its resource)."""
    value = instance
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return int(value)


register(PlaceRole, "place_id")
