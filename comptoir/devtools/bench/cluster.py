"""Two app servers and two task workers against one PostgreSQL and one Redis (issue #17).

The clients send a mixed workload, each request to the next server in turn: 70 % page
reads, 20 % check-ins, 5 % bookings and 5 % registrations to events with few seats, all at
once, so that the rules on finite things (a ticket used once, a slot booked once, the seats
of an event) are raced across processes that share nothing but the database and Redis.
The caller checks those rules in the database afterwards (`Invariant`).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from comptoir.devtools.bench import machine
from comptoir.devtools.bench.measure import (
    CHECK_IN_PATH,
    MACHINE_BUSY,
    database_url,
    fmt_ms,
    percentile,
    production_server,
)

# Shares of each kind of request (issue #17: 70 % reads, 20 % check-ins, 10 % bookings
# and registrations).
MIX = (("read", 70), ("check_in", 20), ("booking", 5), ("registration", 5))
KINDS = [kind for kind, _share in MIX]
SERVERS = 2
TASK_WORKERS = 2


@dataclass(frozen=True)
class Workload:
    """What the clients send: pages to read (path, with the token or not), and the jobs of
    each write, taken in order until they run out."""

    reads: list[tuple[str, bool]]
    check_ins: list[int]  # person ids (some twice, sent at the same moment)
    slots: list[tuple[int, str, str]]  # (resource id, start, end), some slots twice
    registrations: list[tuple[int, int]]  # (event id, person id)
    place: str


@dataclass(frozen=True)
class Op:
    kind: str
    status: int  # 0 when the connection failed
    code: str
    latency_ms: float
    server: int
    person_id: int = 0  # who was checked in (the ledger check reads it)


@dataclass(frozen=True)
class Invariant:
    name: str
    held: bool
    detail: str


@dataclass
class MixedRun:
    clients: int
    workers_per_server: int
    duration_s: float
    elapsed_s: float = 0.0
    ops: list[Op] = field(default_factory=list)
    invariants: list[Invariant] = field(default_factory=list)
    tasks: Counter[str] = field(default_factory=Counter)  # task status → count, after
    conditions: machine.Conditions = field(default_factory=machine.Conditions)
    error: str = ""
    run_rates: list[float] = field(default_factory=list)
    run_conditions: list[machine.Conditions] = field(default_factory=list)
    failed_runs: int = 0

    @property
    def requests_per_s(self) -> float:
        return len(self.ops) / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def server_errors(self) -> int:
        return sum(1 for op in self.ops if op.status == 0 or op.status >= 500)

    def of(self, kind: str) -> list[Op]:
        return [op for op in self.ops if op.kind == kind]

    @property
    def clean(self) -> bool:
        held = all(invariant.held for invariant in self.invariants)
        return not self.error and not self.server_errors and held and bool(self.invariants)

    def verdict(self) -> str:
        if self.error:
            return f"n/a ({self.error})"
        problems = []
        if self.server_errors:
            problems.append("5xx")
        problems += [inv.name for inv in self.invariants if not inv.held]
        if not self.invariants:
            problems.append("invariants not checked")
        if self.failed_runs:
            problems.append(f"{self.failed_runs} other run(s) not clean")
        return f"over ({', '.join(problems)})" if problems else "ok"


def median_run(runs: list[MixedRun]) -> MixedRun:
    """The run with the median request rate, carrying every run's rate and conditions."""
    busy = [run for run in runs if run.error.startswith(MACHINE_BUSY)]
    if busy:
        return busy[0]
    ordered = sorted(runs, key=lambda run: run.requests_per_s)
    median = ordered[(len(ordered) - 1) // 2]
    median.run_rates = [run.requests_per_s for run in runs]
    median.run_conditions = [run.conditions for run in runs]
    median.failed_runs = sum(1 for run in runs if run is not median and not run.clean)
    return median


@contextmanager
def cluster(*, workers_per_server: int, log_dir: Path) -> Iterator[list[int]]:
    """`SERVERS` granian servers and `TASK_WORKERS` task workers; yields the servers' ports."""
    with ExitStack() as stack:
        ports = [
            stack.enter_context(
                production_server(workers=workers_per_server, log=log_dir / f"granian-{n}.log")
            )
            for n in range(SERVERS)
        ]
        for n in range(TASK_WORKERS):
            stack.enter_context(task_worker(log_dir / f"worker-{n}.log", log_dir / "mail"))
        yield ports


@contextmanager
def task_worker(log: Path, mailbox: Path) -> Iterator[None]:
    """A task worker as in production (`db_worker`), its emails kept in `mailbox`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "EMAIL_MAILBOX_DIR": str(mailbox),
        "LOG_LEVEL": "ERROR",
    }
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.2"]
    with log.open("w") as log_file:
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command, cwd=settings.BASE_DIR, env=env, stdout=log_file, stderr=log_file
        )
        try:
            yield
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


class _Jobs:
    """The shared queues of jobs, and the draw of each request's kind."""

    def __init__(self, workload: Workload, seed: int) -> None:
        self.lock = threading.Lock()
        self.rng = random.Random(seed)
        self.pending = {
            "check_in": iter(workload.check_ins),
            "booking": iter(workload.slots),
            "registration": iter(workload.registrations),
        }
        self.reads = workload.reads

    def next(self) -> tuple[str, object]:
        with self.lock:
            kind = self.rng.choices(KINDS, weights=[share for _k, share in MIX])[0]
            if kind == "read":
                return kind, self.rng.choice(self.reads)
            job = next(self.pending[kind], None)
            if job is None:  # this kind ran out: read instead
                return "read", self.rng.choice(self.reads)
            return kind, job


def _request(kind: str, job: Any, place: str) -> tuple[str, str, str | None, bool]:
    """(method, path, JSON body, with the token) of one job."""
    if kind == "read":
        return "GET", str(job[0]), None, bool(job[1])
    if kind == "check_in":
        return "POST", CHECK_IN_PATH, json.dumps({"place": place, "person_id": job}), True
    if kind == "booking":
        body = {"resource_id": job[0], "start": job[1], "end": job[2]}
        return "POST", "/api/v1/bookings", json.dumps(body), True
    path = f"/api/v1/events/{job[0]}/registrations"
    return "POST", path, json.dumps({"person_id": job[1]}), True


def drive(
    *, ports: list[int], token: str, workload: Workload, clients: int, duration_s: float
) -> tuple[list[Op], float]:
    """`clients` threads, each with a keep-alive connection to every server, send the next
    job to the next server in turn until the time runs out."""
    jobs = _Jobs(workload, seed=7)
    ops: list[Op] = []
    out_lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + duration_s
    last = [started]

    def client(offset: int) -> None:
        conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for port in ports]
        mine: list[Op] = []
        turn = offset
        while time.perf_counter() < deadline:
            kind, job = jobs.next()
            server = turn % len(ports)
            turn += 1
            mine.append(_send(conns, server, kind, job, token, workload.place))
        for conn in conns:
            conn.close()
        with out_lock:
            ops.extend(mine)
            last[0] = max(last[0], time.perf_counter())

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ops, last[0] - started


def _send(
    conns: list[http.client.HTTPConnection],
    server: int,
    kind: str,
    job: object,
    token: str,
    place: str,
) -> Op:
    method, path, body, with_token = _request(kind, job, place)
    headers = {"Connection": "keep-alive"}
    if with_token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    person_id = job if kind == "check_in" and isinstance(job, int) else 0
    began = time.perf_counter()
    conn = conns[server]
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        return Op(kind, 0, type(exc).__name__, 0.0, server, person_id)
    latency = (time.perf_counter() - began) * 1000
    code = ""
    if 400 <= response.status < 500:
        try:
            code = str(json.loads(payload).get("code", ""))
        except (ValueError, AttributeError):
            code = ""
    if response.will_close:
        conn.close()  # reopened by the next request
    return Op(kind, response.status, code, latency, server, person_id)


# --- The report ------------------------------------------------------------------------------

HEADING = "## Two app servers, mixed workload"


def lines(result: MixedRun | None) -> list[str]:
    head = [HEADING, ""]
    if result is None:
        return [*head, "Not measured in this run.", ""]
    if result.error:
        return [*head, f"Not measured: {result.error}.", ""]
    shares = ", ".join(f"{share} % {kind.replace('_', '-')}s" for kind, share in MIX)
    return [
        *head,
        f"{SERVERS} granian servers ({result.workers_per_server} workers each, DEBUG off) and "
        f"{TASK_WORKERS} task workers (`db_worker`) against this PostgreSQL and the cache "
        f"above. {result.clients} client threads, each with a keep-alive connection to both "
        f"servers, send each request to the next server in turn for {result.duration_s:.0f} s: "
        f"{shares}. Reads are public pages and API lists (some as the concierge, with the "
        "token); check-ins are as in the throughput section (every tenth person sent twice "
        "at once); bookings are one-hour slots of two rooms, every fifth slot asked twice at "
        "once; registrations fill events of 8 seats, the rest going to their waiting lists. "
        "After each run the database is checked: no ticket used twice, no slot booked twice, "
        "no event over its seats, every email task done.",
        "",
        f"Target: no 5xx and every invariant held, in every run. Verdict: **{result.verdict()}**.",
        "",
        *_runs(result),
        "| kind | requests | 2xx | 4xx (codes) | 5xx | p50 ms | p95 ms |",
        "|---|---:|---:|---|---:|---:|---:|",
        *[_kind_row(kind, result.of(kind)) for kind in KINDS],
        _kind_row("all", result.ops),
        "",
        "| invariant | held | detail |",
        "|---|---|---|",
        *[
            f"| {inv.name} | {'yes' if inv.held else '**NO**'} | {inv.detail} |"
            for inv in result.invariants
        ],
        "",
        f"Requests per server: {_per_server(result)}. Tasks after the run: "
        f"{', '.join(f'{status} × {n}' for status, n in result.tasks.most_common()) or 'none'}.",
        "",
    ]


def _kind_row(kind: str, ops: list[Op]) -> str:
    ok = sum(1 for op in ops if 200 <= op.status < 300)
    refused = [op for op in ops if 400 <= op.status < 500]
    codes = Counter(op.code or str(op.status) for op in refused)
    detail = ", ".join(f"`{code}` × {n}" for code, n in codes.most_common(3))
    errors = sum(1 for op in ops if op.status == 0 or op.status >= 500)
    latencies = [op.latency_ms for op in ops if op.status]
    p50 = fmt_ms(percentile(latencies, 50)) if latencies else "–"
    p95 = fmt_ms(percentile(latencies, 95)) if latencies else "–"
    refused_cell = f"{len(refused):,}{f' ({detail})' if detail else ''}"
    return f"| {kind} | {len(ops):,} | {ok:,} | {refused_cell} | {errors} | {p50} | {p95} |"


def _per_server(result: MixedRun) -> str:
    counts = Counter(op.server for op in result.ops)
    return ", ".join(f"server {n + 1}: {counts[n]:,}" for n in range(SERVERS))


def _runs(result: MixedRun) -> list[str]:
    if len(result.run_rates) < 2:
        return [f"One run ({result.conditions.describe()}).", ""]
    rates = ", ".join(f"{rate:.1f}" for rate in result.run_rates)
    low, high = min(result.run_rates), max(result.run_rates)
    spread = (high - low) / result.requests_per_s if result.requests_per_s else 0.0
    return [
        f"{len(result.run_rates)} runs, each with new people, books, rooms and events: "
        f"{rates} requests per second in all, in order (spread {spread:.0%} of the median; "
        f"{result.failed_runs} other run(s) with a 5xx or a broken invariant). The tables "
        "show the median run.",
        "",
        "| run | requests/s | machine |",
        "|---:|---:|---|",
        *[
            f"| {n} | {rate:.1f} | {conditions.describe()} |"
            for n, (rate, conditions) in enumerate(
                zip(result.run_rates, result.run_conditions, strict=False), start=1
            )
        ],
        "",
    ]
