"""Two reports of `make bench` side by side: the network at scale 1 and at scale 10
(issue #17: every row keeps its query count, p95 ≤ 100 ms, and its median grows by at most
half when the network is ten times larger)."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING = "## Scale 1 and scale 10 side by side"
MAX_RATIO = 1.5
MAX_P95_MS = 100.0
PATH = re.compile(r"\s*`[^`]*`")


@dataclass(frozen=True)
class Row:
    queries: str
    median: str
    p95: str


def rows(report: str) -> dict[tuple[str, str], Row]:
    """The page and API rows of a report, keyed by (label without its path, visitor): paths
    carry ids that differ between two generated networks."""
    found: dict[tuple[str, str], Row] = {}
    for line in report.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 9 or cells[2] in ("status", "---:") or cells[0] == "page":
            continue
        label = PATH.sub("", cells[0]).strip()
        found[(label, cells[1])] = Row(queries=cells[3], median=cells[4], p95=cells[6])
    return found


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _verdict(small: Row, large: Row, ratio: float | None) -> str:
    problems = []
    if small.queries != large.queries:
        problems.append("queries")
    p95 = _number(large.p95)
    if p95 is None or p95 > MAX_P95_MS:
        problems.append("p95")
    if ratio is None or ratio > MAX_RATIO:
        problems.append("ratio")
    return f"over ({', '.join(problems)})" if problems else "ok"


def lines(small_report: str, large_report: str, *, large_scale: float = 10.0) -> list[str]:
    small, large = rows(small_report), rows(large_report)
    table = [
        "| page | as | queries ×1 | queries ×10 | median ms ×1 | median ms ×10 | ratio "
        "| p95 ms ×10 | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    verdicts = []
    for key in small:
        if key not in large:
            continue
        one, ten = small[key], large[key]
        low, high = _number(one.median), _number(ten.median)
        ratio = high / low if low and high is not None else None
        verdict = _verdict(one, ten, ratio)
        verdicts.append(verdict)
        shown = f"{ratio:.2f}" if ratio is not None else "–"
        table.append(
            f"| {key[0]} | {key[1]} | {one.queries} | {ten.queries} | {one.median} "
            f"| {ten.median} | {shown} | {ten.p95} | {verdict} |"
        )
    kept = sum(1 for verdict in verdicts if verdict == "ok")
    return [
        HEADING,
        "",
        f"The same rows measured on the generated network at scale 1 (this file) and at scale "
        f"{large_scale:g} (`comptoir_generate --scale {large_scale:g}`, measured by "
        "`make bench` on a database of its own). Targets per row: the same query count, p95 "
        f"≤ {MAX_P95_MS:.0f} ms at scale {large_scale:g}, and a ratio of medians ≤ "
        f"{MAX_RATIO}. **{kept} of {len(verdicts)} rows ok.**",
        "",
        *table,
        "",
    ]
