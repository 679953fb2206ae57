"""The people search rows of the bench (issue 17): two sizes, the larger rolled back."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from comptoir.community.models import Person
from comptoir.community.tests.factories import PersonFactory
from comptoir.devtools.bench import measure as bench
from comptoir.devtools.bench import search as bench_search
from comptoir.devtools.tests.test_bench import tiny_network  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def search_rows(report: str) -> dict[str, list[str]]:
    rows = {}
    for line in report.split(bench_search.HEADING, 1)[1].splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 10 and cells[2] not in ("---:",) and not cells[2].startswith("queries"):
            rows[f"{cells[0].split(' `', 1)[0]} / {cells[1]}"] = cells
    return rows


def test_it_measures_each_search_at_two_sizes_and_rolls_the_larger_back(
    tiny_network: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    output = tmp_path / "benchmarks.md"
    output.write_text("# Benchmarks\n\n## Data\n\nkept\n\n## How to reproduce\n\nkept too\n")
    people = Person.objects.count()

    call_command(
        "comptoir_bench",
        output=str(output),
        requests=3,
        warmup=1,
        search_only=True,
        search_extra_people=500,
        stdout=StringIO(),
    )

    assert Person.objects.count() == people  # the namesakes are gone
    assert not Person.objects.filter(email__endswith=bench_search.EXTRA_DOMAIN).exists()
    report = output.read_text()
    assert "kept" in report and "kept too" in report  # only its own section is written
    assert f"queries at {people:,}" in report and f"queries at {people + 500:,}" in report
    rows = search_rows(report)
    assert sorted(rows) == [
        "API people search / anonymous",
        "API people search / concierge (token)",
        "Desk search as you type / concierge",
        "Directory search as you type / concierge",
        "Directory search as you type / member",
    ]
    for label, cells in rows.items():
        small_queries, large_queries = int(cells[2]), int(cells[5])
        # + 1: here sessions are in the database (Redis in the bench).
        assert max(small_queries, large_queries) <= bench_search.MAX_QUERIES + 1, label
        assert float(cells[8]) > 0, label


def test_the_added_people_are_namesakes_found_by_the_folded_search() -> None:
    assert bench_search.add_people(30) == 30
    added = Person.objects.filter(email__endswith=bench_search.EXTRA_DOMAIN)
    assert added.count() == 30
    assert all(p.search_name and p.search_name.isascii() for p in added)
    someone = added.first()
    assert someone.place_roles.count() == 0


def test_the_typed_term_has_no_accents() -> None:
    person = PersonFactory.build(first_name="Inès", last_name="Barbier")
    assert bench_search.typed_term(person) == "ines bar"


def _row(small_ms: float, large_ms: float, queries: int = 5) -> bench_search.SearchRow:
    target = bench_search.targets(place_slug="lieu", term="ines bar")[0]

    def result(ms: float) -> bench.Result:
        return bench.Result(target=target, status=200, queries=queries, timings_ms=[ms] * 3)

    return bench_search.SearchRow(target, result(small_ms), result(large_ms))


@pytest.mark.parametrize(
    ("small", "large", "queries", "verdict"),
    [
        (10.0, 12.0, 6, "ok"),
        (10.0, 14.0, 6, "over (ratio)"),
        (10.0, 11.0, 7, "over (queries)"),
        (10.0, 20.0, 9, "over (queries, ratio)"),
    ],
)
def test_a_row_is_judged_on_its_queries_and_its_ratio(
    small: float, large: float, queries: int, verdict: str
) -> None:
    row = _row(small, large, queries)
    assert row.verdict() == verdict
    assert row.ratio == pytest.approx(large / small)


def test_a_failed_request_gets_no_verdict() -> None:
    row = _row(10.0, 10.0)
    row.large.status = 500
    assert row.verdict().startswith("n/a")


def test_without_a_member_to_search_for_the_desk_row_is_skipped(db: Any) -> None:
    [desk, directory, *api] = bench_search.targets(place_slug=None, term="x")
    assert desk.path is None and directory.path and all(row.path for row in api)
    row = bench_search.SearchRow(desk, bench.Result(target=desk), bench.Result(target=desk))
    assert row.verdict() == "skipped (no data)"


def test_the_two_runs_at_the_smaller_size_make_one_result() -> None:
    target = bench_search.targets(place_slug="lieu", term="x")[1]
    before = bench.Result(target=target, status=200, queries=5, timings_ms=[1.0, 2.0])
    after = bench.Result(target=target, status=500, queries=6, timings_ms=[3.0], error="boom")
    both = bench_search.merged(before, after)
    assert both.timings_ms == [1.0, 2.0, 3.0]
    assert (both.status, both.queries, both.error) == (500, 6, "boom")
