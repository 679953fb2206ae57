from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from comptoir.community.models import ApiToken
from comptoir.core import bench

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_network(db: Any) -> None:
    call_command(
        "comptoir_generate",
        places=2,
        people=40,
        organizations=8,
        roles=60,
        skills=20,
        audit_events=50,
        stdout=StringIO(),
    )


def rows_of(report: str) -> dict[str, list[str]]:
    """Table rows keyed by their first two cells (label and path, visitor)."""
    rows = {}
    for line in report.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 8 and cells[2] not in ("status", "---:"):
            rows[f"{cells[0]} / {cells[1]}"] = cells
    return rows


def test_it_writes_a_report_with_the_floor_and_query_counts(
    tiny_network: None, tmp_path: Path
) -> None:
    output = tmp_path / "benchmarks.md"

    call_command(
        "comptoir_bench",
        output=str(output),
        requests=2,
        warmup=1,
        skip_generate=True,
        stdout=StringIO(),
    )

    report = output.read_text()
    rows = rows_of(report)
    floor = rows["Floor `/bench/floor/` / anonymous"]
    assert floor[2] == "200"
    assert floor[3] == "0"
    assert floor[6] == "1.0"
    assert floor[7] == "ok"
    assert len(rows) == 20
    # Every measured row reports its status and query count, even pages still being built.
    assert all(
        re.fullmatch(r"\d+", cells[2]) and re.fullmatch(r"\d+", cells[3]) for cells in rows.values()
    )
    assert "## Machine" in report and "## Data" in report and "How to reproduce" in report
    assert "| people | 40 |" in report
    # The bench's API token is removed afterwards.
    assert not ApiToken.objects.filter(name="comptoir_bench").exists()


def test_it_generates_data_when_absent(tmp_path: Path) -> None:
    output = tmp_path / "bench.md"
    out = StringIO()

    call_command(
        "comptoir_bench", output=str(output), requests=1, warmup=1, scale=0.002, stdout=out
    )

    assert "running comptoir_generate" in out.getvalue()
    assert "/lieux/la-fabrique-des-communs/" in output.read_text()


def test_it_reports_a_missing_page_instead_of_crashing(db: Any) -> None:
    target = bench.Target("Nowhere", "/lieux/nowhere-at-all/")

    [result] = bench.run([target], {"anonymous": Client()}, requests=3, warmup=1)

    assert result.status == 404
    assert result.timings_ms == []
    assert result.verdict() == "n/a (404)"


def test_it_marks_rows_over_the_targets() -> None:
    target = bench.Target("Page", "/")
    fast = bench.Result(target, status=200, queries=3, timings_ms=[5.0, 6.0, 7.0])
    many_queries = bench.Result(target, status=200, queries=13, timings_ms=[5.0])
    slow = bench.Result(target, status=200, queries=3, timings_ms=[40.0] * 18 + [200.0] * 2)

    assert fast.verdict() == "ok"
    assert many_queries.verdict() == "over (queries)"
    assert slow.verdict() == "over (median, p95)"
    assert bench.Result(bench.Target("Gone", None)).verdict() == "skipped (no data)"


def test_it_computes_nearest_rank_percentiles() -> None:
    values = [float(n) for n in range(1, 61)]

    assert bench.percentile(values, 95) == 57.0
    assert bench.percentile([3.0], 95) == 3.0


def test_it_refuses_to_run_without_the_static_manifest(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    with pytest.raises(CommandError, match="collectstatic"):
        call_command("comptoir_bench", output=str(tmp_path / "b.md"), skip_generate=True)


def test_it_lists_the_slowest_statement_of_rows_over_their_targets() -> None:
    sql = 'SELECT "a"."id", "a"."name" FROM "a" WHERE "a"."id" > 3 LIMIT 30'
    over = bench.Result(
        bench.Target("Slow", "/slow/"), status=200, queries=20, slowest_sql=(42.0, sql)
    )
    fine = bench.Result(
        bench.Target("Fine", "/fine/"), status=200, queries=1, slowest_sql=(1.0, sql)
    )

    lines = bench.slowest_sql_lines([over, fine])

    assert lines == [
        "- **Slow** (anonymous), 42.0 ms:",
        '  `SELECT … FROM "a" WHERE "a"."id" > 3 LIMIT 30`',
    ]


def test_it_warns_when_the_machine_was_busy() -> None:
    busy = 2.0 * (os.cpu_count() or 1)

    [line] = bench.load_line((busy, 0.1))

    assert "pessimistic" in line
    assert bench.load_line((None, None)) == []
