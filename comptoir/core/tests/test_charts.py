"""Charts are drawn on the server as SVG with their data table beside them: the geometry
follows the numbers, the text follows the locale, the coordinates never do."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
from django.template.loader import render_to_string
from django.utils import translation

from comptoir.core.charts import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    Series,
    bar_chart,
    line_chart,
    nice_step,
    stacked_bar_chart,
)
from comptoir.core.money import format_cents

BOTTOM = HEIGHT - MARGIN_BOTTOM


def render(chart: object) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_to_string("core/_chart.html", {"chart": chart}))


def test_nice_steps_are_round() -> None:
    assert nice_step(10) == 2.5
    assert nice_step(40) == 10
    assert nice_step(7) == 2
    assert nice_step(1234) == 500
    assert nice_step(0) == 1
    assert nice_step(10, whole=True) == 5  # counts: no 2.5
    assert nice_step(1, whole=True) == 1  # nor 0.25


def test_an_axis_of_counts_marks_whole_numbers() -> None:
    with translation.override("en"):
        chart = bar_chart("Visites", [("lun.", 0), ("mar.", 0)])
        three = bar_chart("Visites", [("lun.", 3)])
    assert [label.text for label in chart.y_labels] == ["0", "1"]
    assert [label.text for label in three.y_labels] == ["0", "1", "2", "3"]


def test_bar_heights_follow_the_values() -> None:
    with translation.override("en"):
        chart = bar_chart("Visites", [("lun.", 10), ("mar.", 20), ("mer.", 0)])
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == 2 * heights[0] and heights[2] == 0
    assert chart.bars[1].y + chart.bars[1].height == BOTTOM  # standing on the zero line
    assert chart.bars[1].y >= MARGIN_TOP
    assert [label.text for label in chart.x_labels] == ["lun.", "mar.", "mer."]
    assert chart.y_labels[0].text == "0" and chart.y_labels[-1].text == "20"
    assert chart.table_headers == ["Label", "Visites"]
    assert [(row.label, row.values) for row in chart.table_rows] == [
        ("lun.", ["10"]),
        ("mar.", ["20"]),
        ("mer.", ["0"]),
    ]
    assert "total 30" in chart.summary and "highest 20 (mar.)" in chart.summary


def test_negative_bars_hang_below_the_zero_line() -> None:
    chart = bar_chart("Résultat", [("2025", -500), ("2026", 1500)], value_format=format_cents)
    below, above = chart.bars
    assert below.y == chart.zero_y and "chart-negative" in below.css
    assert above.y + above.height == chart.zero_y
    assert chart.table_rows[0].values == [format_cents(-500)]


def test_many_labels_are_thinned_under_the_axis_but_all_in_the_table() -> None:
    points = [(f"{day}", day) for day in range(1, 31)]
    chart = bar_chart("Jours", points)
    assert len(chart.x_labels) <= 12
    assert len(chart.table_rows) == 30 and len(chart.bars) == 30


def test_line_chart_fills_a_missing_label_with_zero() -> None:
    chart = line_chart(
        "Présence",
        [
            Series("Membres", [("lun.", 4), ("mar.", 8)]),
            Series("Visiteurs", [("mar.", 2)]),
        ],
    )
    assert len(chart.lines) == 2 and len(chart.legend) == 2
    assert len(chart.lines[1].dots) == 2
    assert chart.table_rows[0].values == ["4", "0"]
    assert chart.lines[0].css != chart.lines[1].css


def test_stacked_bars_sum_and_skip_negative_parts() -> None:
    chart = stacked_bar_chart(
        "Recettes",
        [
            Series("Ventes", [("T1", 30), ("T2", 10)]),
            Series("Subventions", [("T1", 10), ("T2", -5)]),
        ],
    )
    first = [bar for bar in chart.bars if bar.title.endswith(("T1: 30", "T1: 10"))]
    assert len(first) == 2
    assert first[0].y == first[1].y + first[1].height  # stacked, touching
    assert len(chart.bars) == 3  # the negative part is in the table only
    assert chart.table_rows[1].values == ["10", "-5"]


def test_empty_chart_says_so() -> None:
    with translation.override("en"):
        chart = bar_chart("Rien", [])
        page = render(chart)
    assert chart.empty and not chart.bars
    assert page.xpath("//svg") == []
    assert "No data" in page.text_content()


def test_rendered_chart_is_an_image_with_its_table_in_french() -> None:
    with translation.override("fr"):
        chart = bar_chart(
            "Visites par mois",
            [("janv.", Decimal("1234.5")), ("févr.", 12)],
            label_header="Mois",
        )
        page = render(chart)
    svg = page.xpath("//svg")[0]
    assert svg.get("role") == "img"
    labelled, described = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert page.xpath(f"//*[@id='{labelled}']")[0].text_content() == "Visites par mois"
    assert (
        "Visites par mois, de janv. à févr."
        in page.xpath(f"//*[@id='{described}']")[0].text_content()
    )
    # Numbers in the table follow the locale; coordinates never do (no comma in an SVG length).
    assert page.xpath("//table//td")[0].text_content().replace("\u202f", " ") in {
        "1 234,5",
        "1\xa0234,5",
    }
    for rect in svg.xpath(".//rect"):
        for attribute in ("x", "y", "width", "height"):
            float(rect.get(attribute))
    assert page.xpath("//table/caption")[0].text_content() == "Visites par mois"
    assert [th.text_content() for th in page.xpath("//thead//th")] == ["Mois", "Visites par mois"]
    assert page.xpath("//details/summary")[0].text_content().startswith("Tableau des données")


def test_labels_are_escaped() -> None:
    chart = bar_chart("<b>titre</b>", [("<script>x</script>", 1)], chart_id="c1")
    html = render_to_string("core/_chart.html", {"chart": chart})
    assert "<script>" not in html and "<b>" not in html
    assert 'id="c1"' in html


def test_long_labels_are_shortened_under_the_axis_but_whole_in_the_table() -> None:
    names = [f"Source de recettes numéro {n}" for n in range(9)]
    chart = bar_chart("Recettes", [(name, 10 * n) for n, name in enumerate(names)])

    written = [label.text for label in chart.x_labels]
    assert all(text.endswith("…") and len(text) < len(names[0]) for text in written)
    assert written[0].startswith("Source")
    html = render_to_string("core/_chart.html", {"chart": chart})
    assert all(name in html for name in names)  # the data table keeps them whole
