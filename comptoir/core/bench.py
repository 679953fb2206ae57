"""Measure pages and API lists in-process and write docs/benchmarks.md.

Server time is the time around `django.test.Client.get`: URL resolution, every middleware,
the view, its queries and template rendering, without the network or a WSGI server. The
floor (`/bench/floor/`, a constant answer) goes through the same stack, so each row's
ratio to it shows what the page itself costs.
"""

from __future__ import annotations

import logging
import math
import os
import platform
import re
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import django
from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone, translation

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
        if self.queries is not None and self.queries > MAX_QUERIES:
            over.append("queries")
        if (self.median_ms or 0) > MAX_MEDIAN_MS:
            over.append("median")
        if (self.p95_ms or 0) > MAX_P95_MS:
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


def _get(client: Client, path: str) -> TestResponse:
    return client.get(path, secure=bool(settings.SECURE_SSL_REDIRECT))


def measure(client: Client, target: Target, *, requests: int, warmup: int) -> Result:
    """Warm up, count the queries of one request, then time `requests` requests."""
    result = Result(target=target)
    if target.path is None:
        return result
    path = target.path
    for _ in range(max(1, warmup)):
        response = _get(client, path)
    result.status = response.status_code
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        result.error = f"{exc_info[0].__name__}: {str(exc_info[1])[:80]}"
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    result.queries = len(captured.captured_queries)
    if captured.captured_queries:
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        result.slowest_sql = (float(slowest["time"]) * 1000, slowest["sql"])
    if not 200 <= response.status_code < 400:
        return result  # an error page's speed means nothing
    for _ in range(requests):
        started = time.perf_counter()
        _get(client, path)
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


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:  # not available on this platform
        return None


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
        "| page | as | status | SQL queries | median ms | p95 ms | × floor | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        path = f"`{r.target.path}`" if r.target.path else "–"
        ratio = f"{r.ratio:.1f}" if r.ratio is not None else "–"
        lines.append(
            f"| {r.target.label} {path} | {r.target.who} | {r.status or '–'} "
            f"| {r.queries if r.queries is not None else '–'} | {fmt_ms(r.median_ms)} "
            f"| {fmt_ms(r.p95_ms)} | {ratio} | {r.verdict()} |"
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
        f"Targets (issue #2): at most {MAX_QUERIES} SQL queries whatever the data size, "
        f"median ≤ {MAX_MEDIAN_MS:.0f} ms, p95 ≤ {MAX_P95_MS:.0f} ms. {summary}",
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
        "## How to reproduce",
        "",
        "```sh",
        "make bench                      # PostgreSQL database comptoir_bench, created if missing",
        "BENCH_DATABASE_URL=postgresql://user@host:5432/other make bench",
        ".venv/bin/python manage.py comptoir_generate --reset --scale 0.1   # other sizes",
        ".venv/bin/python manage.py comptoir_bench --skip-generate --requests 200 "
        "--output docs/benchmarks.md",
        "```",
        "",
    ]
    return "\n".join(parts)
