from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from comptoir.community.models import ApiToken, Person
from comptoir.devtools.bench import machine
from comptoir.devtools.bench import measure as bench

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
        ticket_books=200,
        visits=2_000,
        subscriptions=5,
        orders=50,
        present=5,
        bookings=1_000,
        stdout=StringIO(),
    )


def generate_one_place() -> None:
    """The smallest generated network the production-server runs need."""
    call_command(
        "comptoir_generate",
        places=1,
        people=10,
        organizations=2,
        roles=10,
        skills=5,
        audit_events=5,
        ticket_books=5,
        visits=20,
        subscriptions=1,
        orders=2,
        present=1,
        stdout=StringIO(),
    )


def rows_of(report: str) -> dict[str, list[str]]:
    """Table rows keyed by their first two cells (label and path, visitor)."""
    rows = {}
    for line in report.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 9 and cells[2] not in ("status", "---:"):
            rows[f"{cells[0]} / {cells[1]}"] = cells
    return rows


def test_it_writes_a_report_with_the_floor_and_query_counts(
    tiny_network: None, tmp_path: Path
) -> None:
    output = tmp_path / "benchmarks.md"
    # The network's admin, for the network's economic model.
    Person.objects.filter(pk=Person.objects.order_by("-pk").values("pk")[:1]).update(
        is_superuser=True, is_staff=True
    )

    call_command(
        "comptoir_bench",
        output=str(output),
        requests=2,
        warmup=1,
        skip_generate=True,
        search_extra_people=40,
        stdout=StringIO(),
    )

    report = output.read_text()
    assert "## People search as you type, at two sizes" in report
    rows = rows_of(report)
    floor = rows["Floor `/bench/floor/` / anonymous"]
    assert floor[2] == "200"
    assert floor[3] == "0"
    assert floor[5] == "≤ 30"  # the floor is held to the foundation's median target
    assert floor[7] == "1.0"
    assert floor[8] == "ok"
    assert len(rows) == 71
    # Issue 16: the register of decisions, an open proposal with its positions, a Cigale.
    for label in ("Register of decisions", "Open proposal with its positions", "Cigale"):
        cells = rows[next(key for key in rows if key.startswith(f"{label} `"))]
        assert cells[2] == "200", (label, cells)
        assert int(cells[3]) <= 12, (label, cells)
    # Issue 12: the treasurer's and the network admin's pages, measured with data.
    for label in (
        "API invoices of a place",
        "Statement",
        "Economic model of a place, one year",
        "Economic model and outstanding of the network, one year",
        "Outstanding of the network by place and age",
        "Sales journal of a place, one year (CSV)",
        "FEC of one year",
        # Issue 15: the roster of a month and the exchange board, measured with data.
        "Roster of a month",
        "Exchange board",
        "Conciergerie queue",  # issue 15
        "Share register of a place",
        # Issue 15: the library of things and the Give Box.
        "Library catalogue",
        "Lendable item",
        "Give Box",
    ):
        cells = rows[next(key for key in rows if key.startswith(f"{label} `"))]
        assert cells[2] == "200", (label, cells)
        assert int(cells[3]) <= 12, (label, cells)
    # The concierge's check-in button at the desk (issue 17), one new person per request.
    desk = rows[next(key for key in rows if key.startswith("Desk check-in (htmx POST) `"))]
    # ≤ 8 in the bench, whose sessions are in Redis; here they are in the database: one more.
    # SQLite has no FOR UPDATE nor the PostgreSQL-only statements that merge reads: four more
    # (as the desk's own test, presence/tests/views/test_kiosk_check_in.py).
    budget = 9 if connection.vendor == "postgresql" else 13
    assert desk[2] == "200" and int(desk[3]) <= budget
    # Rows of issue #3 have no median target: only queries and p95 decide their verdict.
    kiosk = next(cells for key, cells in rows.items() if key.startswith("Kiosk `"))
    assert kiosk[5] == "—"
    # Every measured row reports its status and query count, even pages still being built.
    assert all(
        re.fullmatch(r"\d+", cells[2]) and re.fullmatch(r"\d+", cells[3]) for cells in rows.values()
    )
    assert "## Machine" in report and "## Data" in report and "How to reproduce" in report
    assert "| people | 40 |" in report
    # Inside the test's transaction, granian could not see the data: said, not measured.
    assert "## Check-in throughput" in report and "Not measured" in report
    why = "inside a transaction" if connection.vendor == "postgresql" else "needs PostgreSQL"
    assert f"## First impression\n\nNot measured: {why}" in report
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


def test_it_sends_every_tenth_person_twice_in_a_row() -> None:
    jobs, duplicated = bench.check_in_jobs(list(range(1, 21)), 10)

    assert duplicated == 2
    assert len(jobs) == 22
    assert jobs[9:11] == [10, 10] and jobs[20:22] == [20, 20]


def sent(status: int, person_id: int = 1, code: str = "") -> bench.Sent:
    return bench.Sent(person_id, status, code, 10.0)


def test_it_judges_a_throughput_run() -> None:
    ledger = bench.LedgerCheck(books=3, people_created=2, consumed_once=2, visits=2)
    fast = bench.Throughput(clients=16, workers=5, duration_s=1.0, elapsed_s=0.005, ledger=ledger)
    fast.sent = [sent(201, 1), sent(201, 2), sent(409, 2, "already_checked_in")]

    assert fast.check_ins_per_s == 400.0
    assert (fast.created, fast.refused, fast.server_errors) == (2, 1, 0)
    assert fast.verdict() == "ok"
    assert fast.refusal_codes() == {"already_checked_in": 1}
    slow = bench.Throughput(clients=16, workers=5, duration_s=1.0, elapsed_s=1.0, ledger=ledger)
    slow.sent = [sent(201, 1), sent(500, 2)]
    assert slow.verdict() == "over (rate, 5xx)"
    twice = bench.LedgerCheck(people_created=1, consumed_once=0, consumed_twice_or_more=1)
    fast.ledger = twice
    assert fast.verdict() == "over (over-consumption)"
    assert bench.Throughput(1, 1, 1.0, error="needs PostgreSQL").verdict().startswith("n/a")


def test_it_reports_the_median_of_several_runs_and_any_failed_run() -> None:
    def run(created: int, *, error: bool = False) -> bench.Throughput:
        ledger = bench.LedgerCheck(people_created=created, consumed_once=created, visits=created)
        result = bench.Throughput(16, 3, 1.0, elapsed_s=1.0, ledger=ledger)
        result.sent = [sent(201, n) for n in range(created)] + ([sent(500, 0)] if error else [])
        return result

    runs = [run(230), run(190), run(210)]
    median = bench.median_run(runs)

    assert median is runs[2] and median.check_ins_per_s == 210.0
    assert median.run_rates == [230.0, 190.0, 210.0] and median.verdict() == "ok"
    lines = "\n".join(bench.throughput_lines(median))
    assert "230.0, 190.0, 210.0 check-ins per second" in lines
    broken = bench.median_run([run(230, error=True), run(250), run(240)])
    assert broken.check_ins_per_s == 240.0
    assert broken.verdict() == "over (1 run(s) with 5xx or over-consumption)"
    assert bench.median_run([run(201)]).run_rates == [201.0]
    assert "runs, each" not in "\n".join(bench.throughput_lines(bench.median_run([run(201)])))


def test_it_replaces_or_inserts_the_throughput_section() -> None:
    report = "# Benchmarks\n\n## Results\n\nrows\n\n## How to reproduce\n\nmake bench\n"
    section = ["## Check-in throughput", "", "first", ""]

    inserted = bench.replace_section(report, "## Check-in throughput", section)
    replaced = bench.replace_section(
        inserted, "## Check-in throughput", ["## Check-in throughput", "", "second", ""]
    )

    assert inserted.index("first") < inserted.index("## How to reproduce")
    assert "first" not in replaced and "second" in replaced
    assert replaced.count("## Check-in throughput") == 1
    assert "## Results" in replaced and "make bench" in replaced


@pytest.mark.django_db(transaction=True)
def test_it_measures_check_ins_through_granian_without_over_consumption(
    tmp_path: Path,
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the throughput run needs PostgreSQL")
    generate_one_place()
    output = tmp_path / "bench.md"
    output.write_text("# Benchmarks\n\n## How to reproduce\n")

    call_command(
        "comptoir_bench",
        output=str(output),
        throughput_only=True,
        throughput_seconds=2,
        throughput_clients=4,
        throughput_people=40,
        throughput_workers=2,
        throughput_runs=2,
        busy_threshold=1.0,  # judged here for its correctness, not its speed
        stdout=StringIO(),
    )

    report = output.read_text()
    table = dict(
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in report.splitlines()
        if line.startswith("| ") and line.count("|") == 3
    )
    assert table["5xx or connection errors"] == "0"
    assert table["over-consumption"] == "none"
    assert int(table["201 checked in"]) > 0
    assert "already_checked_in" in table["4xx refused"]
    # The throughput place and its people are removed afterwards.
    from comptoir.devtools.management.commands.comptoir_bench import (
        THROUGHPUT_PLACE,
        throughput_people,
    )
    from comptoir.places.models import Place

    assert not Place.objects.filter(slug=THROUGHPUT_PLACE).exists()
    assert not throughput_people().exists()
    # …and the tables it churned are vacuumed, so that the pages measured next are not
    # slowed by its dead rows.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
            ["community_person"],
        )
        assert cursor.fetchone() == (True,)
        # Every table was analysed before measuring (not only the churned ones): a freshly
        # generated network is planned from its real statistics.
        cursor.execute(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
            ["community_personskill"],
        )
        assert cursor.fetchone() == (True,)


def test_a_row_without_a_median_target_is_judged_on_queries_and_p95_only():
    target = bench.Target("Kiosk", "/lieux/x/accueil/", max_median_ms=None)
    steady = bench.Result(target, status=200, queries=5, timings_ms=[45.0] * 20)
    spiky = bench.Result(target, status=200, queries=5, timings_ms=[45.0] * 18 + [150.0] * 2)
    assert steady.verdict() == "ok"
    assert spiky.verdict() == "over (p95)"


# --- Reproducible figures (issue 17): the machine around each run -------------------------


def test_the_runs_show_their_spread_and_the_machine_around_each() -> None:
    runs = []
    for created, steal in ((230, 0.01), (190, 0.12), (210, 0.0)):
        ledger = bench.LedgerCheck(people_created=created, consumed_once=created, visits=created)
        result = bench.Throughput(16, 3, 1.0, elapsed_s=1.0, ledger=ledger)
        result.sent = [sent(201, n) for n in range(created)]
        result.conditions = machine.Conditions(
            load_before=0.4, load_after=2.1, steal=steal, busy_before=0.03
        )
        runs.append(result)
    lines = "\n".join(bench.throughput_lines(bench.median_run(runs)))
    assert "spread 190.0–230.0, 19% of the median" in lines
    assert "| 2 | 190.0 | load 0.40 → 2.10, CPUs 3% busy before, steal 12.0% |" in lines


def test_a_busy_machine_gets_no_verdict() -> None:
    done = bench.Throughput(16, 3, 1.0, elapsed_s=1.0, ledger=bench.LedgerCheck())
    busy = bench.Throughput(16, 3, 1.0, error=f"{bench.MACHINE_BUSY} (80% of the CPUs …)")
    result = bench.median_run([done, busy])
    assert result is busy and result.verdict().startswith("n/a (machine busy")
    assert "Not measured: machine busy" in "\n".join(bench.throughput_lines(result))


def test_cpu_shares_come_from_proc_stat(tmp_path, monkeypatch) -> None:
    stat = tmp_path / "stat"
    monkeypatch.setattr(machine, "PROC_STAT", stat)
    # cpu user nice system idle iowait irq softirq steal
    stat.write_text("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3\n")
    before = machine.cpu_times()
    stat.write_text("cpu  200 0 150 850 150 0 0 50 0 0\n")
    after = machine.cpu_times()
    assert before is not None and after is not None
    # 400 ticks passed: 200 idle or waiting, 50 stolen, the rest used.
    assert after.share_busy_since(before) == 0.5
    assert after.share_stolen_since(before) == 0.125
    monkeypatch.setattr(machine, "PROC_STAT", tmp_path / "absent")
    assert machine.cpu_times() is None


def test_it_waits_for_a_quiet_machine_then_gives_up(monkeypatch) -> None:
    shares = iter([0.9, 0.6, 0.1])
    monkeypatch.setattr(machine, "busy_share", lambda: next(shares))
    assert machine.wait_until_quiet(max_wait_s=60) == (True, 0.1)
    monkeypatch.setattr(machine, "busy_share", lambda: 0.7)
    assert machine.wait_until_quiet(max_wait_s=0) == (False, 0.7)
