"""Is a restored database complete? The checks of `comptoir_check_restore`.

A backup is only as good as its last restore. After restoring a dump (and the uploaded
files) somewhere, these checks say whether what came back can run the place: every
migration applied and every table present, the rows a running installation always has, the
ledgers' invariants, the database's own constraints, and every file a row refers to.

Models and their file fields are discovered through the app registry; the invariants name
the domain models they read, which `home`, a top app, may import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from comptoir.access.models import TicketBook
from comptoir.billing.models import Order, OrderLine
from comptoir.places.models import Place

MAX_LISTED = 10  # names listed per problem; the count says the rest


@dataclass(frozen=True)
class Problem:
    check: str
    detail: str


def _listed(items: list[str]) -> str:
    more = len(items) - MAX_LISTED
    return ", ".join(items[:MAX_LISTED]) + (f" (+{more} more)" if more > 0 else "")


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> Iterator[Problem]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
        yield Problem("migrations", f"{len(names)} not applied: {_listed(names)}")


def missing_tables(alias: str = DEFAULT_DB_ALIAS) -> Iterator[Problem]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
    expected = {model._meta.db_table for model in apps.get_models() if model._meta.managed}
    if absent := sorted(expected - present):
        yield Problem("tables", f"{len(absent)} missing: {_listed(absent)}")


def _required_rows() -> list[tuple[str, models.QuerySet[models.Model]]]:
    """What a running installation always has, whatever its size."""
    people = get_user_model().objects.all()
    return [
        ("sites", apps.get_model("sites", "Site").objects.all()),
        ("people", people),
        ("network administrators", people.filter(is_superuser=True, is_active=True)),
        ("places", Place.objects.all()),
    ]


def empty_tables() -> Iterator[Problem]:
    for what, rows in _required_rows():
        if not rows.exists():
            yield Problem("rows", f"no {what}")


def _negative_books() -> Iterator[Problem]:
    books = TicketBook.objects.annotate(ledger=Sum("movements__quantity")).filter(ledger__lt=0)
    if found := [str(pk) for pk in books.values_list("pk", flat=True)]:
        yield Problem("ledgers", f"{len(found)} ticket books below zero: {_listed(found)}")


def _orders_off_their_lines() -> Iterator[Problem]:
    lines = (
        OrderLine.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(total=Sum("total_cents"))
        .values("total")
    )
    orders = (
        Order.objects.filter(lines__isnull=False)
        .distinct()
        .annotate(lines_total=Coalesce(Subquery(lines), 0))
        .exclude(total_cents=F("lines_total"))
    )
    if found := [str(pk) for pk in orders.values_list("pk", flat=True)]:
        yield Problem("ledgers", f"{len(found)} orders whose lines do not add up: {_listed(found)}")


INVARIANTS: list[Callable[[], Iterator[Problem]]] = [_negative_books, _orders_off_their_lines]


def broken_invariants() -> Iterator[Problem]:
    for invariant in INVARIANTS:
        yield from invariant()


def broken_constraints(alias: str = DEFAULT_DB_ALIAS) -> Iterator[Problem]:
    """Foreign keys pointing nowhere: SQLite copies and partial restores may hold them."""
    connection = connections[alias]
    try:
        with transaction.atomic(using=alias):
            connection.check_constraints()
    except Exception as error:  # IntegrityError, whatever the backend's wording
        yield Problem("constraints", str(error).splitlines()[0])


def _file_fields() -> Iterator[tuple[type[models.Model], str]]:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field.name


def missing_files() -> Iterator[Problem]:
    """Every file a row refers to is in the storage (local disk or bucket)."""
    for model, field in _file_fields():
        names = model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
        absent = [name for name in names.iterator() if not default_storage.exists(name)]
        if absent:
            label = f"{model._meta.label}.{field}"
            yield Problem("files", f"{len(absent)} missing for {label}: {_listed(absent)}")


def row_counts() -> dict[str, int]:
    """Every table's rows, to compare with the installation the backup came from."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def check_restore(*, files: bool = True) -> list[Problem]:
    """Every problem found; migrations and tables first, as the other checks need them."""
    problems = [*unapplied_migrations(), *missing_tables()]
    if problems:
        return problems
    problems += [*empty_tables(), *broken_invariants(), *broken_constraints()]
    if files:
        problems += missing_files()
    return problems


def secret_key_fingerprint() -> str:
    """A short digest of SECRET_KEY, to compare with the source installation's: a restore
    with another key loses sessions, cancellation links and QR cards. The digest tells
    nothing of the key."""
    return hashlib.sha256(f"comptoir-restore:{settings.SECRET_KEY}".encode()).hexdigest()[:12]
