"""Everything Comptoir holds about a person, and how to erase it (RGPD articles 15, 17, 20).

`community` owns the person, so the registry lives here; every app that stores something
about a person registers a `Provider` in its `AppConfig.ready()`: the sections it adds to
the person's export and its step of the erasure. `community` never imports those apps, and
a new app adds its own section without touching this module.

A section reads with a bounded number of queries (select/prefetch), whatever the amount of
data, so the whole export costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext

from comptoir.core.models import AuditEvent

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from comptoir.community.models import Person

# A cell of the export: JSON-friendly, and readable as it is on the page.
Cell = str | int | bool | None | list[str]
Row = dict[str, Cell]


def cell(value: Any) -> Cell:
    """A model value as an export cell: dates in ISO 8601 (local time), decimals as text."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def cents(amount: int | None) -> str:
    return "" if amount is None else f"{amount / 100:.2f}"


@dataclass(frozen=True)
class Section:
    """One part of the export: a table with labelled columns, one row per record."""

    key: str
    title: _StrOrPromise
    columns: tuple[tuple[str, _StrOrPromise], ...]
    rows: Callable[[Person], list[Row]]


@dataclass
class Erasure:
    """What an erasure step needs: the person (already anonymised), who they were, when."""

    person: Person
    old_name: str
    old_email: str
    at: datetime

    def scrub_audit(self, model: type[models.Model], ids: Iterable[object]) -> int:
        """Rewrite the person's former name and email in the audit rows about these objects
        (their `target_repr` was written while the person still had them)."""
        keys = [str(pk) for pk in ids]
        if not keys:
            return 0
        new = str(self.person)
        expression: Any = models.F("target_repr")
        for old in (self.old_email, self.old_name):
            if old:
                expression = Replace(expression, Value(old), Value(new))
        return AuditEvent.objects.filter(
            target_type=model._meta.label_lower, target_id__in=keys
        ).update(target_repr=expression)


@dataclass(frozen=True)
class Provider:
    """What one app holds about people: its export sections and its erasure step.

    The erasure step keeps what the law requires (accounting, ledgers, counts) linked to the
    anonymised person, and removes or blanks the rest; it runs inside the erasure's
    transaction and must not fail on a person without data in the app."""

    app: str
    sections: tuple[Section, ...] = ()
    erase: Callable[[Erasure], None] | None = None
    order: int = field(default=0)


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Called from an app's `ready()`; registering the same app again replaces it."""
    _providers[provider.app] = provider


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda provider: provider.order)


@dataclass(frozen=True)
class SectionData:
    section: Section
    rows: list[Row]

    @property
    def records(self) -> list[list[tuple[_StrOrPromise, str]]]:
        """Each row as (label, text) pairs, for the readable page."""
        return [
            [(label, _display(row.get(key))) for key, label in self.section.columns]
            for row in self.rows
        ]


def _display(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(gettext("Yes") if value else gettext("No"))
    if isinstance(value, list):
        return "\n".join(value) or "—"
    return str(value)


def collect(person: Person) -> list[SectionData]:
    """Every section of every provider, in order."""
    return [
        SectionData(section=section, rows=section.rows(person))
        for provider in providers()
        for section in provider.sections
    ]


def as_json(person: Person, sections: list[SectionData]) -> dict[str, Any]:
    """The machine-readable export (RGPD article 20): stable keys, labels in the language
    of the request for a reader."""
    return {
        "format": "comptoir-personal-data/1",
        "generated_at": cell(timezone.now()),
        "person_id": person.pk,
        "sections": {
            data.section.key: {
                "title": str(data.section.title),
                "columns": {key: str(label) for key, label in data.section.columns},
                "rows": data.rows,
            }
            for data in sections
        },
    }
