"""Charts drawn on the server as SVG, each with its data table beside it.

No JavaScript, no CDN: a view builds a `Chart` from numbers it already has, the template
includes the partial, and the page carries an `<svg role="img">` (its title and a one-line
summary read by screen readers) followed by the same numbers as a `<table>` in a
`<details>` (the accessible equivalent, also useful to copy figures).

Usage, in a view or selector::

    from comptoir.core.charts import Series, bar_chart, line_chart, stacked_bar_chart

    chart = bar_chart(_("Visits per month"), [("Jan.", 12), ("Feb.", 30)], unit=_("visits"))
    chart = line_chart(_("Presence"), [Series(_("Members"), [("Mon", 4), ("Tue", 7)]),
                                       Series(_("Visitors"), [("Mon", 1), ("Tue", 2)])])
    chart = stacked_bar_chart(_("Revenue"), [Series(_("Sales"), [...]),
                                             Series(_("Grants"), [...])],
                              value_format=format_cents)

and in the template::

    {% include "core/_chart.html" with chart=chart %}

Rules:

- a point is `(label, value)`; values are `int`, `float` or `Decimal`; labels are strings
  already translated and formatted by the caller (dates through the locale);
- every series of a line or stacked chart has the same labels in the same order (the first
  series gives the x axis; a missing label in another series counts as 0);
- bar and line charts may hold negative values (the zero line is drawn); a stacked chart
  draws only positive parts (the table still shows each true value);
- `value_format` turns a value into text for the table and the axis (default: the active
  locale's number format, so it runs in the request's language); money in cents passes
  `comptoir.core.money.format_cents`;
- `axis_labels` (optional, one per label) are shorter texts written under the axis, for
  instance "janv." when the table says "janvier 2026";
- `chart_id` must be unique in the page when two charts share a title (it defaults to a
  slug of the title);
- an empty series gives a chart with no bars whose table says there is no data
  (`chart.empty`), so a template may show an empty state instead.

Colours are CSS classes (`chart-s0` … `chart-s5`, from `comptoir/charts.css`), so the
Content-Security-Policy holds (no style attribute) and dark mode can restyle them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

Number = int | float | Decimal
Point = tuple[str, Number]
ValueFormat = Callable[[Number], str]
Kind = Literal["bar", "line", "stacked"]

PALETTE_SIZE = 6
WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 64
MARGIN_RIGHT = 12
MARGIN_TOP = 12
MARGIN_BOTTOM = 40
MAX_X_LABELS = 12  # beyond, only every n-th label is written under the axis
TICKS = 4


@dataclass(frozen=True)
class Series:
    """One named series of (label, value) points."""

    name: str
    points: Sequence[Point]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Line:
    points: str  # the SVG polyline's "x,y x,y …"
    css: str
    dots: list[tuple[float, float, str]]  # x, y, title


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LegendItem:
    css: str
    name: str


@dataclass(frozen=True)
class TableRow:
    label: str
    values: list[str]


@dataclass
class Chart:
    """Everything `core/_chart.html` draws; built by the functions below, not by hand."""

    kind: Kind
    title: str
    chart_id: str
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    x_labels: list[AxisLabel] = field(default_factory=list)
    y_labels: list[AxisLabel] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)  # y of each horizontal grid line
    zero_y: float = 0.0
    legend: list[LegendItem] = field(default_factory=list)
    table_headers: list[str] = field(default_factory=list)
    table_rows: list[TableRow] = field(default_factory=list)
    empty: bool = False

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_left(self) -> int:
        return MARGIN_LEFT

    @property
    def plot_right(self) -> int:
        return self.width - MARGIN_RIGHT


def default_format(value: Number) -> str:
    """The active locale's number format; whole numbers without decimals."""
    if isinstance(value, float | Decimal) and value != int(value):
        return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return formats.number_format(int(value), use_l10n=True, force_grouping=True)


def nice_step(span: float, ticks: int = TICKS, *, whole: bool = False) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) so that `ticks` steps cover `span`; with
    `whole`, a whole number (1, 2 or 5 × 10ⁿ, at least 1), for counts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    for factor in factors:
        if factor * power >= raw:
            step = float(factor * power)
            return max(1.0, math.ceil(step)) if whole else step
    return float(10 * power)  # pragma: no cover - the loop always returns


def _domain(low: float, high: float, whole: bool = False) -> tuple[float, float, float]:
    """The axis' bounds and step: always containing zero, rounded outward to the step."""
    low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = 1.0
    step = nice_step(high - low, whole=whole)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _whole(series: Sequence[Series]) -> bool:
    """Only whole numbers (counts, cents): the axis then marks whole numbers only."""
    return all(float(value).is_integer() for one in series for _label, value in one.points)


class _Frame:
    """Maps values to the plot's y and label indexes to x."""

    def __init__(
        self, count: int, low: float, high: float, value_format: ValueFormat, whole: bool = False
    ) -> None:
        self.count = max(count, 1)
        self.low, self.high, self.step = _domain(low, high, whole)
        self.top = MARGIN_TOP
        self.bottom = HEIGHT - MARGIN_BOTTOM
        self.left = MARGIN_LEFT
        self.right = WIDTH - MARGIN_RIGHT
        self.slot = (self.right - self.left) / self.count
        self.value_format = value_format

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return round(self.bottom - share * (self.bottom - self.top), 2)

    def x_center(self, index: int) -> float:
        return round(self.left + self.slot * (index + 0.5), 2)

    def decorate(self, chart: Chart, labels: Sequence[str]) -> None:
        chart.zero_y = self.y(0.0)
        tick = self.low
        while tick <= self.high + self.step / 1000:
            y = self.y(tick)
            chart.grid.append(y)
            chart.y_labels.append(AxisLabel(self.left - 6, y + 4, self.value_format(_clean(tick))))
            tick += self.step
        every = math.ceil(len(labels) / MAX_X_LABELS) if labels else 1
        for index, label in enumerate(labels):
            if index % every == 0:
                text = _fit(label, self.slot * every)
                chart.x_labels.append(AxisLabel(self.x_center(index), self.bottom + 18, text))


# About the width of a character of the axis' labels, in the chart's units.
CHAR_WIDTH = 7.0


def _fit(label: str, room: float) -> str:
    """The label shortened with an ellipsis when it would run into its neighbours (the data
    table beside the chart, and the chart's summary, keep every label whole)."""
    most = max(3, int(room / CHAR_WIDTH) - 1)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _clean(tick: float) -> Number:
    return int(tick) if float(tick).is_integer() else round(tick, 6)


def _labels(series: Sequence[Series]) -> list[str]:
    return [label for label, _value in series[0].points] if series else []


def _values(one: Series, labels: Sequence[str]) -> list[float]:
    by_label = {label: float(value) for label, value in one.points}
    return [by_label.get(label, 0.0) for label in labels]


def _css(index: int) -> str:
    return f"chart-s{index % PALETTE_SIZE}"


def _summary(title: str, labels: Sequence[str], series: Sequence[Series], fmt: ValueFormat) -> str:
    if not labels:
        return _("%(title)s: no data.") % {"title": title}
    parts = []
    for one in series:
        values = [value for _label, value in one.points]
        highest = max(one.points, key=lambda point: point[1]) if one.points else None
        total = _clean(sum(float(value) for value in values))
        if highest is None:
            continue
        parts.append(
            _("%(name)s: total %(total)s, highest %(high)s (%(label)s)")
            % {
                "name": one.name,
                "total": fmt(total),
                "high": fmt(highest[1]),
                "label": highest[0],
            }
        )
    span = _("from %(first)s to %(last)s") % {"first": labels[0], "last": labels[-1]}
    return f"{title}, {span}. " + "; ".join(parts) + "."


def _axis(labels: list[str], axis_labels: Sequence[str] | None) -> Sequence[str]:
    """Shorter labels under the axis (the table keeps the full ones), when given for each."""
    return axis_labels if axis_labels is not None and len(axis_labels) == len(labels) else labels


def _start(
    kind: Kind,
    title: str,
    series: Sequence[Series],
    label_header: str,
    fmt: ValueFormat,
    chart_id: str | None,
) -> tuple[Chart, list[str]]:
    labels = _labels(series)
    chart = Chart(
        kind=kind,
        title=title,
        chart_id=chart_id or "chart-" + (slugify(title) or "x"),
        summary=_summary(title, labels, series, fmt),
        empty=not labels,
    )
    chart.table_headers = [label_header or _("Label"), *[one.name for one in series]]
    for index, label in enumerate(labels):
        chart.table_rows.append(
            TableRow(label, [fmt(_table_value(one, index, label)) for one in series])
        )
    if len(series) > 1:
        chart.legend = [LegendItem(_css(i), one.name) for i, one in enumerate(series)]
    return chart, labels


def _table_value(one: Series, index: int, label: str) -> Number:
    if index < len(one.points) and one.points[index][0] == label:
        return one.points[index][1]
    return dict(one.points).get(label, 0)


def bar_chart(
    title: str,
    points: Sequence[Point],
    *,
    value_name: str = "",
    label_header: str = "",
    value_format: ValueFormat = default_format,
    chart_id: str | None = None,
    axis_labels: Sequence[str] | None = None,
) -> Chart:
    """One bar per point. `value_name` heads the table's value column (default: the title)."""
    series = [Series(value_name or title, points)]
    chart, labels = _start("bar", title, series, label_header, value_format, chart_id)
    if chart.empty:
        return chart
    values = _values(series[0], labels)
    frame = _Frame(len(labels), min(values), max(values), value_format, _whole(series))
    frame.decorate(chart, _axis(labels, axis_labels))
    width = frame.slot * 0.7
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        top, bottom = sorted((frame.y(value), frame.y(0.0)))
        chart.bars.append(
            Rect(
                x=round(frame.x_center(index) - width / 2, 2),
                y=top,
                width=round(width, 2),
                height=round(bottom - top, 2),
                css=_css(0) + (" chart-negative" if value < 0 else ""),
                title=f"{label}: {value_format(_clean(value))}",
            )
        )
    return chart


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    label_header: str = "",
    value_format: ValueFormat = default_format,
    chart_id: str | None = None,
    axis_labels: Sequence[str] | None = None,
) -> Chart:
    """One line per series, a dot per point (its title gives the value on hover)."""
    chart, labels = _start("line", title, series, label_header, value_format, chart_id)
    if chart.empty:
        return chart
    all_values = [value for one in series for value in _values(one, labels)]
    frame = _Frame(len(labels), min(all_values), max(all_values), value_format, _whole(series))
    frame.decorate(chart, _axis(labels, axis_labels))
    for index, one in enumerate(series):
        values = _values(one, labels)
        coords = [(frame.x_center(i), frame.y(v)) for i, v in enumerate(values)]
        chart.lines.append(
            Line(
                points=" ".join(f"{x},{y}" for x, y in coords),
                css=_css(index),
                dots=[
                    (x, y, f"{one.name}, {label}: {value_format(_clean(v))}")
                    for (x, y), label, v in zip(coords, labels, values, strict=True)
                ],
            )
        )
    return chart


def stacked_bar_chart(
    title: str,
    series: Sequence[Series],
    *,
    label_header: str = "",
    value_format: ValueFormat = default_format,
    chart_id: str | None = None,
    axis_labels: Sequence[str] | None = None,
) -> Chart:
    """One bar per label, the series' positive values stacked in order, bottom up."""
    chart, labels = _start("stacked", title, series, label_header, value_format, chart_id)
    if chart.empty:
        return chart
    columns = [_values(one, labels) for one in series]
    totals = [sum(max(col[i], 0.0) for col in columns) for i in range(len(labels))]
    frame = _Frame(len(labels), 0.0, max(totals), value_format, _whole(series))
    frame.decorate(chart, _axis(labels, axis_labels))
    width = frame.slot * 0.7
    for index, label in enumerate(labels):
        base = 0.0
        for position, (one, col) in enumerate(zip(series, columns, strict=True)):
            value = max(col[index], 0.0)
            if value == 0:
                continue
            top, bottom = frame.y(base + value), frame.y(base)
            chart.bars.append(
                Rect(
                    x=round(frame.x_center(index) - width / 2, 2),
                    y=top,
                    width=round(width, 2),
                    height=round(bottom - top, 2),
                    css=_css(position),
                    title=f"{one.name}, {label}: {value_format(_clean(value))}",
                )
            )
            base += value
    return chart
