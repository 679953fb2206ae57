"""Opening hours told in sentences, in the reader's language (issue 14): “Du lundi au vendredi,
9 h – 19 h · le samedi, 10 h – 13 h · fermé les jours fériés” rather than the OpenStreetMap
syntax “Mo-Fr 09:00-19:00; Sa 10:00-13:00; PH off”, which only the edit form shows.

An expression is described from its usual week. When that is not enough to say it right
(unreadable, hours that change with the season, public holidays that depend on the weekday),
`describe_hours` answers None and the page shows the expression itself."""

from __future__ import annotations

import functools
from datetime import date, time, timedelta
from typing import Literal

from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from comptoir.places.opening_hours import (
    WEEKDAY_TOKENS,
    Holidays,
    Hours,
    Span,
    _spans,
    _without_comments,
    usual_week,
)

MIDNIGHT = time(0, 0)
ROUND_THE_CLOCK: list[Span] = [(MIDNIGHT, MIDNIGHT)]
# Weeks read to tell whether the hours change over the year (a week in each season).
SEASONS = ((1, 15), (4, 15), (7, 15), (10, 15))


def describe_hours(expression: str, *, year: int | None = None) -> list[str] | None:
    """The parts of the sentence (to join with “ · ”), or None when the expression cannot be
    told faithfully this way (then show it as it is)."""
    if not expression.strip():
        return None
    year = year or timezone.localdate().year
    return list(_describe(expression, year, translation.get_language() or "")) or None


@functools.lru_cache(maxsize=512)
def _describe(expression: str, year: int, language: str) -> tuple[str, ...]:
    weeks = [usual_week(expression, date(year, month, day)) for month, day in SEASONS]
    week = weeks[0]
    if week is None or any(other != week for other in weeks[1:]):
        return ()
    holiday = _holiday_spans(expression, year)
    if holiday is False:
        return ()
    if all(spans == ROUND_THE_CLOCK for spans in week):
        parts = [_("open 24/7")]
    elif not any(week):
        parts = [_("closed")]
    else:
        parts = [
            _("%(days)s, %(hours)s") % {"days": _days(days), "hours": _hours(spans)}
            for spans, days in _groups(week)
        ]
    if holiday is not None:
        if holiday:
            parts.append(_("public holidays, %(hours)s") % {"hours": _hours(holiday)})
        else:
            parts.append(_("closed on public holidays"))
    parts[0] = parts[0][:1].upper() + parts[0][1:]
    return tuple(parts)


def _holiday_spans(expression: str, year: int) -> list[Span] | None | Literal[False]:
    """A holiday's spans when they differ from the usual day's; None when holidays change
    nothing; False when they depend on the weekday (not told in a sentence)."""
    hours = Hours(expression, Holidays(country=""))
    if not hours.uses_holidays:
        return None
    monday = date(year, 1, 15) - timedelta(days=date(year, 1, 15).weekday())
    found: list[list[Span]] = []
    differs = False
    for offset, token in enumerate(WEEKDAY_TOKENS):
        day = monday + timedelta(days=offset)
        swapped = Hours(_without_comments(expression, token), Holidays(country=""))
        if not swapped.is_readable:
            return False
        spans = _spans(swapped, day)
        differs = differs or spans != _spans(hours, day)
        found.append(spans)
    if not differs:
        return None
    if any(spans != found[0] for spans in found[1:]):
        return False
    return found[0]


def _groups(week: list[list[Span]]) -> list[tuple[list[Span], list[int]]]:
    """The days sharing the same spans, in the order of the week (closed days left out)."""
    groups: list[tuple[list[Span], list[int]]] = []
    for index, spans in enumerate(week):
        if not spans:
            continue
        for known, days in groups:
            if known == spans:
                days.append(index)
                break
        else:
            groups.append((spans, [index]))
    return groups


def _days(days: list[int]) -> str:
    """“from Monday to Friday”, “Saturday”, “Monday, Wednesday and Friday”…"""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    said: list[str] = []
    for run in runs:
        if len(run) >= 3:
            names = {"first": WEEKDAYS[run[0]], "last": WEEKDAYS[run[-1]]}
            said.append(pgettext("opening hours", "%(first)s to %(last)s") % names)
        else:
            said.extend(
                pgettext("opening hours", "%(day)s") % {"day": WEEKDAYS[day]} for day in run
            )
    return _listed(said)


def _listed(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return pgettext("opening hours", "%(items)s and %(last)s") % {
        "items": ", ".join(items[:-1]),
        "last": items[-1],
    }


def _clock(moment: time, *, closing: bool = False) -> str:
    hour = 24 if closing and moment == MIDNIGHT else moment.hour
    if moment.minute == 0:
        return pgettext("opening hours", "%(hour)d:00") % {"hour": hour}
    return pgettext("opening hours", "%(hour)d:%(minute)02d") % {
        "hour": hour,
        "minute": moment.minute,
    }


def _hours(spans: list[Span]) -> str:
    return _listed([f"{_clock(opens)} – {_clock(closes, closing=True)}" for opens, closes in spans])
