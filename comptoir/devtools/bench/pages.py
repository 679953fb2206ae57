"""Throughput of a cached public page against the production server setup, as a ratio to
the floor (`/bench/floor/`, a constant answer through the same stack): the agenda's
anonymous pages are served from the cache, so they should cost little more than the floor.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field

from comptoir.devtools.bench.measure import fmt_ms, percentile

CACHED_RATIO_TARGET = 0.5  # issue #5: cached agenda ≥ 0.5 × the floor's requests per second


@dataclass
class Run:
    """GET requests of one path for a while, by several keep-alive clients."""

    path: str
    statuses: list[int] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def ok(self) -> int:
        return sum(1 for status in self.statuses if status == 200)

    @property
    def failed(self) -> int:
        return len(self.statuses) - self.ok

    @property
    def per_s(self) -> float:
        return self.ok / self.elapsed_s if self.elapsed_s else 0.0


@dataclass
class CachedThroughput:
    clients: int
    workers: int
    duration_s: float
    floor: Run | None = None
    page: Run | None = None
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.floor or not self.page or not self.floor.per_s:
            return None
        return self.page.per_s / self.floor.per_s

    def verdict(self) -> str:
        if self.error or self.ratio is None or self.page is None:
            return "not measured"
        if self.page.failed:
            return "FAIL (errors)"
        return "ok" if self.ratio >= CACHED_RATIO_TARGET else "FAIL"


def drive_gets(*, port: int, path: str, clients: int, duration_s: float) -> Run:
    """`clients` threads GET `path` over their own keep-alive connection until time is up."""
    run = Run(path)
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + duration_s

    def client() -> None:
        statuses: list[int] = []
        latencies: list[float] = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Connection": "keep-alive"})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                statuses.append(0)
                continue
            statuses.append(response.status)
            latencies.append((time.perf_counter() - began) * 1000)
            if response.will_close:
                conn.close()
        conn.close()
        with lock:
            run.statuses.extend(statuses)
            run.latencies_ms.extend(latencies)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.elapsed_s = time.perf_counter() - started
    return run


def cached_lines(result: CachedThroughput | None) -> list[str]:
    lines = ["## Cached agenda throughput", ""]
    if result is None:
        return [*lines, "Not measured in this run.", ""]
    if result.error or result.floor is None or result.page is None:
        return [*lines, f"Not measured: {result.error or 'no data'}.", ""]
    ratio = f"{result.ratio:.2f}" if result.ratio is not None else "–"
    lines += [
        f"The same granian setup as the check-in throughput ({result.workers} workers, "
        f"DEBUG off); {result.clients} anonymous keep-alive clients GET one path for "
        f"{result.duration_s:.0f} s, first the floor, then the place's public agenda "
        f"(`{result.page.path}`), served from the cache after its first answer.",
        "",
        f"Target: the cached agenda answers at least {CACHED_RATIO_TARGET} × the floor's "
        f"requests per second. Ratio **{ratio}**, verdict: **{result.verdict()}**.",
        "",
        "| path | requests/s (200) | errors | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for run in (result.floor, result.page):
        p50 = percentile(run.latencies_ms, 50) if run.latencies_ms else None
        p95 = percentile(run.latencies_ms, 95) if run.latencies_ms else None
        lines.append(
            f"| `{run.path}` | {run.per_s:.1f} | {run.failed} | {fmt_ms(p50)} | {fmt_ms(p95)} |"
        )
    return [*lines, ""]
