"""The economic model in pictures: server-rendered SVG charts (`core.charts`) built from the
figures the page's tables already show. Three charts: the year's revenue by source, the
months stacked by family of sources, and each budgeted source's gap to its budget."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.core.charts import Chart, Series, bar_chart, stacked_bar_chart
from comptoir.core.money import format_cents
from comptoir.economy.models import Source
from comptoir.economy.selectors import CONCIERGERIE, EconomicModel

# At most six families in the stacked chart (its palette's size), bottom up; their names
# are `_family_names()`, translated at call time.
FAMILIES: list[tuple[str, ...]] = [
    (Source.SUBSCRIPTION,),
    (Source.TICKET_BOOK, Source.DAY_PASS, Source.BOOKING),
    (Source.EVENT,),
    (Source.PRESTATION, Source.PARTNER_SERVICES, CONCIERGERIE),
    (Source.GRANT,),
    (Source.DONATION, Source.DUES, Source.OTHER),
]


def _money(value: Any) -> str:
    return format_cents(int(value))


def _family_names() -> list[str]:
    return [
        str(Source.SUBSCRIPTION.label),
        _("Ticket books, day passes and bookings"),
        str(Source.EVENT.label),
        _("Prestations and partner services"),
        str(Source.GRANT.label),
        _("Donations, dues and other"),
    ]


def charts(model: EconomicModel) -> dict[str, Chart]:
    year = model.year
    by_source = {item.source: item for item in model.sources}
    share = bar_chart(
        _("Revenue by source in %(year)s") % {"year": year},
        [(item.label, item.total_cents) for item in model.sources if item.total_cents],
        value_name=_("Income"),
        label_header=_("Source"),
        value_format=_money,
        chart_id="chart-sources",
    )
    months = [date_format(dt.date(year, month, 1), "M") for month in range(1, 13)]
    series = []
    for name, sources in zip(_family_names(), FAMILIES, strict=True):
        values = [sum(by_source[s].months[m] for s in sources) for m in range(12)]
        if any(values):
            series.append(Series(name, list(zip(months, values, strict=True))))
    month_chart = stacked_bar_chart(
        _("Revenue by month in %(year)s") % {"year": year},
        series,
        label_header=_("Month"),
        value_format=_money,
        chart_id="chart-months",
    )
    budget = bar_chart(
        _("Actual against budget in %(year)s") % {"year": year},
        [(item.label, item.gap_cents) for item in model.sources if item.gap_cents is not None],
        value_name=_("Actual minus budget"),
        label_header=_("Source"),
        value_format=_money,
        chart_id="chart-budget",
    )
    return {"share_chart": share, "month_chart": month_chart, "budget_chart": budget}
