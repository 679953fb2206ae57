"""The parts of the activity report the apps above `agenda` write (the conciergerie's
requests done, the roster's hours on duty…). Each registers, in its `AppConfig.ready`, a
function of the place and the period returning its section, so `agenda` imports none of
them; each section reads a fixed number of queries whatever the data (`queries`, checked by
the report's tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Table:
    """One table of the report: its title, its header and its rows (the first cell names
    the item, the others are measures, one per column after the first)."""

    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Period:
    """The period of the report: its days (both included) and their bounds in the place's
    time zone, and the moment it is read."""

    start: date
    end: date
    low: datetime
    high: datetime
    now: datetime


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    figures: list[tuple[str, Any]]  # the headline figures, as the summary's
    tables: list[Table] = field(default_factory=list)
    definition: str = ""  # how its figures are counted, said on the page


SectionSource = Callable[[Any, Period], ReportSection]  # (place, period) -> its section


@dataclass(frozen=True)
class Registered:
    source: SectionSource
    queries: int  # what the source reads, whatever the data
    order: int


_sources: dict[str, Registered] = {}


def register(name: str, source: SectionSource, *, queries: int, order: int = 50) -> None:
    """Add a section (registering the same name again replaces it); sections are shown by
    `order`, then name."""
    _sources[name] = Registered(source, queries, order)


def sections_of(place: Any, period: Period) -> list[ReportSection]:
    ranked = sorted(_sources.items(), key=lambda item: (item[1].order, item[0]))
    return [registered.source(place, period) for _name, registered in ranked]


def queries() -> int:
    """The queries every registered section reads together."""
    return sum(registered.queries for registered in _sources.values())
