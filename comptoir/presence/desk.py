"""What the apps above `presence` show at the desk about the person being checked in (the
parcels waiting for them…). Each registers, in its `AppConfig.ready`, a function of the
place and the person returning notes, so `presence` imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DeskNote:
    """One line shown with a check-in's outcome, with an optional link."""

    text: str
    url: str = ""


NoteSource = Callable[[Any, Any], list[DeskNote]]  # (place, person) -> notes
_sources: dict[str, NoteSource] = {}


def register(name: str, source: NoteSource) -> None:
    """Add a source of notes (registering the same name again replaces it)."""
    _sources[name] = source


def notes_for(*, place: Any, person: Any) -> list[DeskNote]:
    """Every registered app's notes about the person at this place."""
    return [note for source in _sources.values() for note in source(place, person)]
