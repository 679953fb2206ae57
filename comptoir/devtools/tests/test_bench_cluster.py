"""The mixed workload on two app servers and two task workers (issue #17, point 4)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from comptoir.agenda.models import Event
from comptoir.bookings.models import Resource
from comptoir.devtools.bench import cluster
from comptoir.devtools.management.commands.comptoir_bench import (
    THROUGHPUT_PLACE,
    throughput_people,
)
from comptoir.devtools.tests.test_bench import generate_one_place
from comptoir.places.models import Place


def table(report: str, columns: int) -> dict[str, list[str]]:
    rows = {}
    for line in report.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == columns:
            rows[cells[0]] = cells
    return rows


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_servers_and_two_workers_serve_the_mix_and_keep_every_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The servers render pages: without `make static`'s manifest (a fresh clone), they use
    # the plain static storage, which needs none. `make bench` checks the manifest itself.
    monkeypatch.setenv("COMPTOIR_PLAIN_STATIC", "1")
    generate_one_place()
    output = tmp_path / "bench.md"
    output.write_text("# Benchmarks\n\n## How to reproduce\n")

    call_command(
        "comptoir_bench",
        output=str(output),
        mixed_only=True,
        mixed_seconds=4,
        mixed_runs=1,
        mixed_workers=1,
        throughput_clients=6,
        throughput_people=200,
        busy_threshold=1.0,  # judged here for its correctness, not its speed
        stdout=StringIO(),
    )

    report = output.read_text()
    assert cluster.HEADING in report and "Verdict: **ok**" in report
    kinds = table(report, 7)
    for kind in ("read", "check_in", "all"):
        assert int(kinds[kind][1].replace(",", "")) > 0, kind
        assert kinds[kind][4] == "0", kind  # no 5xx
    invariants = table(report, 3)
    for name in (
        "no ticket used twice",
        "no slot booked twice",
        "no event over its seats",
        "every task done by the workers",
    ):
        assert invariants[name][1] == "yes", invariants[name]
    # Both servers answered.
    assert "server 1: 0," not in report and not report.rstrip().endswith("server 2: 0.")
    # Everything the run made is removed afterwards.
    assert not Place.objects.filter(slug=THROUGHPUT_PLACE).exists()
    assert not throughput_people().exists()
    assert not Resource.objects.filter(slug__startswith="salle-banc-").exists()
    assert not Event.objects.filter(title__startswith="Atelier du banc").exists()


def test_a_run_with_a_broken_rule_or_a_5xx_is_not_ok() -> None:
    run = cluster.MixedRun(clients=1, workers_per_server=1, duration_s=1.0)
    run.ops = [cluster.Op("read", 200, "", 1.0, 0)]
    run.invariants = [cluster.Invariant("no slot booked twice", True, "")]
    assert run.verdict() == "ok"
    run.invariants.append(cluster.Invariant("no event over its seats", False, ""))
    assert run.verdict() == "over (no event over its seats)"
    run.invariants.pop()
    run.ops.append(cluster.Op("check_in", 500, "", 1.0, 1))
    assert run.verdict() == "over (5xx)"
    unchecked = cluster.MixedRun(clients=1, workers_per_server=1, duration_s=1.0)
    assert "invariants not checked" in unchecked.verdict()
