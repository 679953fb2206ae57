"""Measure pages and API lists in-process and write docs/benchmarks.md.

Server time is the time around `django.test.Client.get`: URL resolution, every middleware,
the view, its queries and template rendering, without the network or a WSGI server. The
floor (`/bench/floor/`, a constant answer) goes through the same stack, so each row's
ratio to it shows what the page itself costs.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar
from urllib.parse import quote

import django
from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone, translation

from comptoir.devtools.bench.machine import BUSY_SHARE, MACHINE_BUSY, Conditions

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

MAX_QUERIES = 12
SELECT_COLUMNS = re.compile(r"^SELECT (DISTINCT )?.*? FROM ")
MAX_MEDIAN_MS = 30.0
MAX_P95_MS = 100.0


@dataclass(frozen=True)
class Target:
    """One row of the table: a path requested as one kind of visitor."""

    label: str
    path: str | None  # None when the data to build it is missing
    who: str = "anonymous"
    kind: str = "page"
    # An htmx request (search as you type asks for the results partial only).
    htmx: bool = False
    # The median target of the row's issue: 30 ms for the foundation pages (issue #2);
    # None where the issue sets none (issue #3 asks ≤ 12 queries and p95 ≤ 100 ms).
    max_median_ms: float | None = MAX_MEDIAN_MS
    # Stricter limits some issues set for one row (availability: 6 queries, p95 50 ms).
    max_queries: int = MAX_QUERIES
    max_p95_ms: float = MAX_P95_MS
    # Run before each request, outside the clock (e.g. forget a cached page to time it
    # uncached).
    before: Callable[[], None] | None = None
    # A form to POST instead of a GET, asked anew for each request (e.g. the next person
    # to check in at the desk).
    form: Callable[[], dict[str, str]] | None = None


@dataclass
class Result:
    target: Target
    status: int | None = None
    queries: int | None = None
    timings_ms: list[float] = field(default_factory=list)
    error: str = ""
    ratio: float | None = None
    # The slowest SQL statement of the counted request: (milliseconds, SQL).
    slowest_sql: tuple[float, str] | None = None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.timings_ms) if self.timings_ms else None

    @property
    def p95_ms(self) -> float | None:
        return percentile(self.timings_ms, 95) if self.timings_ms else None

    @property
    def measured(self) -> bool:
        return bool(self.timings_ms)

    def verdict(self) -> str:
        if self.target.path is None:
            return "skipped (no data)"
        if self.status is None or not 200 <= self.status < 300:
            return f"n/a ({' '.join(str(x) for x in (self.status, self.error) if x)})"
        over = []
        if self.queries is not None and self.queries > self.target.max_queries:
            over.append("queries")
        target = self.target.max_median_ms
        if target is not None and (self.median_ms or 0) > target:
            over.append("median")
        if (self.p95_ms or 0) > self.target.max_p95_ms:
            over.append("p95")
        return f"over ({', '.join(over)})" if over else "ok"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 60 values is the 57th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@contextmanager
def measuring_settings() -> Iterator[None]:
    """Production-like settings: DEBUG off, the configured cache, quiet request logging."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)  # 404s and 500s are reported in the table
    try:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            yield
    finally:
        request_logger.setLevel(level)


def _send(client: Client, target: Target) -> TestResponse:
    assert target.path is not None
    headers = {"HX-Request": "true"} if target.htmx else {}
    secure = bool(settings.SECURE_SSL_REDIRECT)
    if target.form is not None:
        return client.post(target.path, target.form(), secure=secure, headers=headers)
    return client.get(target.path, secure=secure, headers=headers)


def measure(client: Client, target: Target, *, requests: int, warmup: int) -> Result:
    """Warm up, count the queries of one request, then time `requests` requests."""
    result = Result(target=target)
    if target.path is None:
        return result
    for _ in range(max(1, warmup)):
        response = _send(client, target)
    result.status = response.status_code
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        result.error = f"{exc_info[0].__name__}: {str(exc_info[1])[:80]}"
    if target.before:
        target.before()
    with CaptureQueriesContext(connection) as captured:
        _send(client, target)
    result.queries = len(captured.captured_queries)
    if captured.captured_queries:
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        # Statements prepared by `core.prepared` are logged without their text.
        result.slowest_sql = (float(slowest["time"]) * 1000, slowest["sql"] or "(prepared)")
    if not 200 <= response.status_code < 400:
        return result  # an error page's speed means nothing
    for _ in range(requests):
        if target.before:
            target.before()
        started = time.perf_counter()
        _send(client, target)
        result.timings_ms.append((time.perf_counter() - started) * 1000)
    return result


def run(
    targets: list[Target],
    clients: dict[str, Client],
    *,
    requests: int,
    warmup: int,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Measure every target (the floor first, it is the reference for the ratios)."""
    results = []
    with measuring_settings():
        for target in targets:
            result = measure(clients[target.who], target, requests=requests, warmup=warmup)
            results.append(result)
            if progress:
                progress(result)
    floor = results[0].median_ms if results else None
    for result in results:
        if floor and result.median_ms is not None:
            result.ratio = result.median_ms / floor
    return results


def ensure_database() -> bool:
    """Create the configured PostgreSQL database when it does not exist; True if created."""
    if connection.vendor != "postgresql":
        return False
    import psycopg
    from psycopg import sql

    name = settings.DATABASES["default"]["NAME"]
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key not in {"cursor_factory", "context"}  # Django's own adapters
    }
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as maintenance:
        if maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


# --- the report ------------------------------------------------------------------------------


def database_description() -> str:
    vendor = connection.display_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            return vendor
        version = cursor.fetchone()[0]
    return f"{vendor} {version}"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_line(load: tuple[float | None, float | None]) -> list[str]:
    before, after = load
    if before is None or after is None:
        return []
    line = f"- Load average (1 min): {before:.1f} before and {after:.1f} after measuring"
    if max(before, after) > 0.5 * (os.cpu_count() or 1):
        line += "; other processes shared the CPUs, so these times are pessimistic"
    return [line]


def machine_lines(load: tuple[float | None, float | None] = (None, None)) -> list[str]:
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [
        f"- CPU: {os.cpu_count()} cores (`nproc`), {cpu_model()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"{platform.system()} {platform.release()}",
        f"- Database: {database_description()}",
        f"- Cache: {cache}; sessions: `{settings.SESSION_ENGINE}`; DEBUG off while measuring",
        *load_line(load),
    ]


def count_lines(models: list[type[Model]]) -> list[str]:
    lines = ["| table | rows |", "|---|---:|"]
    for model in models:
        count = model._default_manager.count()
        # The report is in English whatever language the last measured page activated.
        with translation.override("en"):
            name = str(model._meta.verbose_name_plural)
        lines.append(f"| {name} | {count:,} |")
    return lines


def fmt_ms(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "–"


def table_lines(results: list[Result]) -> list[str]:
    lines = [
        "| page | as | status | SQL queries | median ms | median target | p95 ms | × floor "
        "| verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        path = f"`{r.target.path}`" if r.target.path else "–"
        ratio = f"{r.ratio:.1f}" if r.ratio is not None else "–"
        wanted = r.target.max_median_ms
        median_target = f"≤ {wanted:.0f}" if wanted is not None else "—"
        lines.append(
            f"| {r.target.label} {path} | {r.target.who} | {r.status or '–'} "
            f"| {r.queries if r.queries is not None else '–'} | {fmt_ms(r.median_ms)} "
            f"| {median_target} | {fmt_ms(r.p95_ms)} | {ratio} | {r.verdict()} |"
        )
    return lines


def slowest_sql_lines(results: list[Result], limit: int = 400) -> list[str]:
    """For each row over its targets, its slowest SQL statement: where to look first."""
    lines = []
    for r in results:
        if not r.verdict().startswith("over") or r.slowest_sql is None:
            continue
        ms, sql = r.slowest_sql
        # The column list says nothing: keep FROM, WHERE, ORDER BY and LIMIT.
        text = SELECT_COLUMNS.sub(r"SELECT \1… FROM ", " ".join(sql.split()), count=1)
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        lines += [f"- **{r.target.label}** ({r.target.who}), {ms:.1f} ms:", f"  `{text}`"]
    return lines


def render_report(
    *,
    results: list[Result],
    models: list[type[Model]],
    requests: int,
    warmup: int,
    when: datetime | None = None,
    load: tuple[float | None, float | None] = (None, None),
    throughput: Throughput | None = None,
) -> str:
    when = when or timezone.now()
    over = [r for r in results if r.verdict().startswith("over")]
    missing = [r for r in results if r.verdict().startswith(("n/a", "skipped"))]
    summary = (
        f"{len(results) - len(over) - len(missing)} of {len(results)} rows meet every target"
        f"; {len(over)} over, {len(missing)} not measured."
    )
    parts = [
        "# Benchmarks",
        "",
        f"Measured on {when:%Y-%m-%d %H:%M %Z} by `make bench` (`manage.py comptoir_bench`).",
        "",
        "## Machine",
        "",
        *machine_lines(load),
        "",
        "## Data",
        "",
        "Generated by `manage.py comptoir_generate` (one network of places; see the command's "
        "options), plus any other data already in the database:",
        "",
        *count_lines(models),
        "",
        "## Results",
        "",
        f"Each row: {warmup} warm-up requests, 1 request counting SQL queries, then "
        f"{requests} timed requests. Server time is measured in-process around "
        "`django.test.Client.get` (URL resolution, all middleware, the view, its queries and "
        "template rendering; no network, no WSGI server). The floor is `/bench/floor/`, a "
        "view returning a constant through the same stack; `× floor` is the row's median "
        "divided by the floor's median.",
        "",
        f"Targets: at most {MAX_QUERIES} SQL queries whatever the data size and "
        f"p95 ≤ {MAX_P95_MS:.0f} ms for every row; median ≤ {MAX_MEDIAN_MS:.0f} ms for the "
        f"foundation pages of issue #2 (rows marked “—” in the median target column belong "
        f"to issue #3, which sets no median). {summary}",
        "",
        *table_lines(results),
        "",
        *(
            [
                "### Slowest SQL statement of each row over its targets",
                "",
                "Timed once, in the request that counts the queries.",
                "",
                *slow,
                "",
            ]
            if (slow := slowest_sql_lines(results))
            else []
        ),
        "Visitors: *anonymous* has no session; *member* holds a current resident or nomad "
        "role in the measured place and is logged in with a session; *concierge* is a "
        "permanent concierge of that place, logged in with a session for pages and with a "
        "personal API token (`Authorization: Bearer …`) for the API.",
        "",
        *throughput_lines(throughput),
        "## How to reproduce",
        "",
        "```sh",
        "make bench                      # PostgreSQL database comptoir_bench, created if missing",
        "BENCH_DATABASE_URL=postgresql://user@host:5432/other make bench",
        ".venv/bin/python manage.py comptoir_generate --reset --scale 0.1   # other sizes",
        ".venv/bin/python manage.py comptoir_bench --skip-generate --requests 200 "
        "--output docs/benchmarks.md",
        "# only the check-in throughput section (needs PostgreSQL; DATABASE_URL as above):",
        ".venv/bin/python manage.py comptoir_bench --throughput-only --output docs/benchmarks.md",
        "```",
        "",
    ]
    return "\n".join(parts)


# --- check-in throughput against the production server setup ---------------------------------

THROUGHPUT_TARGET = 200.0  # check-ins per second on the reference 2-core machine
CHECK_IN_PATH = "/api/v1/visits"


@dataclass
class Sent:
    """One request of the throughput run."""

    person_id: int
    status: int  # 0 when the connection failed
    code: str  # the `code` of a 4xx answer, or the exception's name
    latency_ms: float


@dataclass
class LedgerCheck:
    """After the run, read from the database: did anything consume twice?"""

    books: int = 0
    negative_books: int = 0
    min_balance: int | None = None
    people_sent: int = 0
    people_created: int = 0  # people with a 201
    consumed_once: int = 0  # people with a 201 and exactly one ticket used
    consumed_twice_or_more: int = 0
    consumed_without_201: int = 0
    visits: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.negative_books == 0
            and self.consumed_twice_or_more == 0
            and self.consumed_without_201 == 0
            and self.consumed_once == self.people_created == self.visits
        )


@dataclass
class Throughput:
    clients: int
    workers: int
    duration_s: float  # asked for
    elapsed_s: float = 0.0  # from the first request sent to the last answer received
    sent: list[Sent] = field(default_factory=list)
    duplicated_people: int = 0  # people sent twice at the same time
    ledger: LedgerCheck | None = None
    error: str = ""
    # When several runs were made: every run's rate, in order, and whether any of them had
    # a 5xx or an over-consumption (this object is the median run).
    run_rates: list[float] = field(default_factory=list)
    failed_runs: int = 0
    # The machine during this run, and during every run (issue 17: reproducible figures).
    conditions: Conditions = field(default_factory=Conditions)
    run_conditions: list[Conditions] = field(default_factory=list)

    def count(self, low: int, high: int) -> int:
        return sum(1 for s in self.sent if low <= s.status <= high)

    @property
    def created(self) -> int:
        return self.count(201, 201)

    @property
    def refused(self) -> int:
        return self.count(400, 499)

    @property
    def server_errors(self) -> int:
        return self.count(500, 599) + self.count(0, 0)

    @property
    def check_ins_per_s(self) -> float:
        return self.created / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def requests_per_s(self) -> float:
        return len(self.sent) / self.elapsed_s if self.elapsed_s else 0.0

    def latency(self, pct: float) -> float | None:
        values = [s.latency_ms for s in self.sent]
        return percentile(values, pct) if values else None

    def refusal_codes(self) -> Counter[str]:
        return Counter(s.code or str(s.status) for s in self.sent if 400 <= s.status < 500)

    def verdict(self) -> str:
        if self.error:
            return f"n/a ({self.error})"
        problems = []
        if self.check_ins_per_s < THROUGHPUT_TARGET:
            problems.append("rate")
        if self.server_errors:
            problems.append("5xx")
        if self.ledger is None or not self.ledger.ok:
            problems.append("over-consumption")
        if self.failed_runs:
            problems.append(f"{self.failed_runs} run(s) with 5xx or over-consumption")
        return f"over ({', '.join(problems)})" if problems else "ok"

    @property
    def clean(self) -> bool:
        return not self.error and not self.server_errors and bool(self.ledger and self.ledger.ok)


class Run(Protocol):
    """What `median_of` reads and writes of a run (check-ins, the mixed workload)."""

    error: str
    conditions: Conditions
    run_rates: list[float]
    run_conditions: list[Conditions]
    failed_runs: int

    @property
    def clean(self) -> bool: ...


RunT = TypeVar("RunT", bound=Run)


def median_of(runs: list[RunT], rate: Callable[[RunT], float]) -> RunT:
    """The run with the median rate, carrying every run's rate (this VM's speed varies by
    20-40 % from one minute to the next, so one run says little) and how many other runs
    were not clean (a 5xx, an over-consumption, a broken rule), which none may be."""
    busy = [run for run in runs if run.error.startswith(MACHINE_BUSY)]
    if busy:  # no verdict from a busy machine, however the other runs went
        busy[0].run_rates = [rate(run) for run in runs if not run.error]
        return busy[0]
    ordered = sorted(runs, key=rate)
    median = ordered[(len(ordered) - 1) // 2]
    median.run_rates = [rate(run) for run in runs]
    median.run_conditions = [run.conditions for run in runs]
    median.failed_runs = sum(1 for run in runs if run is not median and not run.clean)
    return median


def median_run(runs: list[Throughput]) -> Throughput:
    return median_of(runs, lambda run: run.check_ins_per_s)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    """The URL of the database Django is connected to now (the test database in tests)."""
    params = connection.settings_dict
    user = quote(params.get("USER") or "", safe="")
    password = quote(params.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("HOST") or "127.0.0.1"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{quote(params['NAME'], safe='')}"


def production_workers() -> int:
    """As in the Makefile's `run`: one granian worker per core, plus one to cover the time
    a worker waits on the database (on 2 cores, 2 and 3 workers measured alike within the
    run-to-run variation; 4 and 5 slower)."""
    return (os.cpu_count() or 1) + 1


@contextmanager
def production_server(
    *, workers: int, log: Path, timeout_s: float = 60.0, probe: bool = True
) -> Iterator[int]:
    """granian serving comptoir.wsgi as in production (WSGI, one blocking thread per
    worker, DEBUG off) against the current database; yields its port and stops it
    afterwards. With `probe`, once it has answered a request; without, as soon as its port
    accepts a connection (the first request is then the caller's)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
    }
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        "--no-ws",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "comptoir.wsgi:application",
    ]
    with log.open("w") as log_file:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command, cwd=settings.BASE_DIR, env=env, stdout=log_file, stderr=log_file
        )
        try:
            if probe:
                _wait_until_up(server, port, timeout_s, log)
            else:
                _wait_for_port(server, port, timeout_s, log)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen[bytes], port: int, timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian stopped: {log.read_text()[-500:]}")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/bench/floor/")
            if probe.getresponse().status == 200:
                probe.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("granian did not answer in time")


def _wait_for_port(server: subprocess.Popen[bytes], port: int, timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian stopped: {log.read_text()[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("granian did not accept connections in time")


def warm_up(port: int, *, clients: int, requests: int = 5) -> None:
    """Let every worker load the URLs and the API before the clock starts."""

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(requests):
            conn.request("GET", "/api/v1/places?limit=1")
            conn.getresponse().read()
            conn.close()
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def check_in_jobs(person_ids: list[int], duplicate_every: int) -> tuple[list[int], int]:
    """Each person once, and every `duplicate_every`-th person twice in a row, so two
    client threads send the same check-in at the same moment."""
    jobs: list[int] = []
    duplicated = 0
    for index, person_id in enumerate(person_ids):
        jobs.append(person_id)
        if duplicate_every and index % duplicate_every == duplicate_every - 1:
            jobs.append(person_id)
            duplicated += 1
    return jobs, duplicated


def drive_check_ins(
    *,
    port: int,
    token: str,
    place: str,
    jobs: list[int],
    clients: int,
    duration_s: float,
) -> tuple[list[Sent], float]:
    """`clients` threads, each with its own keep-alive connection, take the next job until
    the jobs or the time run out. Returns every request and the elapsed time."""
    lock = threading.Lock()
    pending = iter(jobs)
    sent: list[Sent] = []
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Connection": "keep-alive",
    }
    started = time.perf_counter()
    deadline = started + duration_s
    last_answer = [started]

    def client() -> None:
        mine: list[Sent] = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            with lock:
                person_id = next(pending, None)
            if person_id is None:
                break
            body = json.dumps({"place": place, "person_id": person_id})
            began = time.perf_counter()
            try:
                conn.request("POST", CHECK_IN_PATH, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                mine.append(Sent(person_id, 0, type(exc).__name__, 0.0))
                continue
            ended = time.perf_counter()
            code = ""
            if 400 <= response.status < 500:
                try:
                    code = str(json.loads(payload).get("code", ""))
                except (ValueError, AttributeError):
                    code = ""
            mine.append(Sent(person_id, response.status, code, (ended - began) * 1000))
            if response.will_close:
                conn.close()  # reopened by the next request
        conn.close()
        with lock:
            sent.extend(mine)
            if mine:
                last_answer[0] = max(last_answer[0], time.perf_counter())

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent, last_answer[0] - started


def throughput_lines(result: Throughput | None) -> list[str]:
    lines = ["## Check-in throughput", ""]
    if result is None:
        return [*lines, "Not measured in this run.", ""]
    if result.error:
        return [*lines, f"Not measured: {result.error}.", ""]
    ledger = result.ledger or LedgerCheck()
    codes = ", ".join(f"`{code}` × {n}" for code, n in result.refusal_codes().most_common())
    balance = f"{ledger.min_balance}" if ledger.min_balance is not None else "–"
    over = "none" if ledger.ok else "**FOUND**"
    lines += [
        f"The production server setup: granian serving `comptoir.wsgi` (WSGI) with "
        f"{result.workers} workers of one blocking thread each (cores + 1; on 2 cores, 2 and "
        "3 workers measured alike, 4 and 5 slower), "
        "DEBUG off, against this database. "
        f"{result.clients} client threads, each with its own keep-alive HTTP/1.1 connection "
        f"(`http.client`), send `POST {CHECK_IN_PATH}` for {result.duration_s:.0f} s as a "
        "concierge with an API token, at a place of the generated network open `24/7`. Each person "
        "holds a 10-ticket book there and is checked in once; every tenth person is sent twice "
        "at the same moment by two clients, which must give one 201 and one refusal.",
        "",
        f"Target: at least {THROUGHPUT_TARGET:.0f} check-ins per second, no 5xx, and no "
        f"over-consumption. Verdict: **{result.verdict()}**.",
        "",
        *_runs_lines(result),
        "| measure | value |",
        "|---|---:|",
        f"| check-ins per second (201) | {result.check_ins_per_s:.1f} |",
        f"| requests per second | {result.requests_per_s:.1f} |",
        f"| requests sent in {result.elapsed_s:.1f} s | {len(result.sent):,} |",
        f"| 201 checked in | {result.created:,} |",
        f"| 4xx refused | {result.refused:,}{f' ({codes})' if codes else ''} |",
        f"| 5xx or connection errors | {result.server_errors:,} |",
        f"| latency p50 ms | {fmt_ms(result.latency(50))} |",
        f"| latency p95 ms | {fmt_ms(result.latency(95))} |",
        f"| people sent twice at once | {result.duplicated_people:,} |",
        f"| books with a negative balance | {ledger.negative_books} of {ledger.books:,} "
        f"(lowest balance {balance}) |",
        f"| people checked in with exactly one ticket used | {ledger.consumed_once:,} of "
        f"{ledger.people_created:,} |",
        f"| people charged twice, or charged without a 201 | "
        f"{ledger.consumed_twice_or_more + ledger.consumed_without_201} |",
        f"| over-consumption | {over} |",
        "",
        "Latency is the client's time from sending the request to reading the whole answer, "
        "queueing in the server's backlog included.",
        "",
    ]
    return lines


def _runs_lines(result: Throughput) -> list[str]:
    if len(result.run_rates) < 2:
        return [f"One run ({result.conditions.describe()}).", ""]
    rates = ", ".join(f"{rate:.1f}" for rate in result.run_rates)
    low, high = min(result.run_rates), max(result.run_rates)
    spread = (high - low) / result.check_ins_per_s if result.check_ins_per_s else 0.0
    lines = [
        f"{len(result.run_rates)} runs, each with new people and books: {rates} check-ins per "
        f"second, in order (spread {low:.1f}–{high:.1f}, {spread:.0%} of the median). The "
        "table shows the median run; the ledger was checked after each run "
        f"({result.failed_runs} with a 5xx or an over-consumption besides the median). A run "
        f"waits for the CPUs to be at most {BUSY_SHARE:.0%} busy and is not judged otherwise.",
        "",
    ]
    if result.run_conditions:
        lines += ["| run | check-ins/s | machine |", "|---:|---:|---|"]
        lines += [
            f"| {index} | {rate:.1f} | {conditions.describe()} |"
            for index, (rate, conditions) in enumerate(
                zip(result.run_rates, result.run_conditions, strict=False), start=1
            )
        ]
        lines.append("")
    return lines


def replace_section(report: str, heading: str, section: list[str]) -> str:
    """`report` with the section under `heading` (up to the next `## `) replaced, or the
    section inserted before `## How to reproduce` when absent."""
    lines = report.splitlines()
    new = list(section)
    if heading in lines:
        start = lines.index(heading)
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        return "\n".join([*lines[:start], *new, *lines[end:]]) + "\n"
    anchor = "## How to reproduce"
    at = lines.index(anchor) if anchor in lines else len(lines)
    return "\n".join([*lines[:at], *new, *lines[at:]]) + "\n"
