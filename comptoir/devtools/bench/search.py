"""People search as you type at two sizes (issue 17, point 2).

The desk, the directory and the people API are asked for a name as a concierge types it
(the first name without its accents and the first letters of the last name), at the size of
the generated network, then again after ten times as many people were added, in a
transaction rolled back after measuring (rows are measured in-process, so the requests see
them). Each row must stay within 6 queries at both sizes, with a ratio of medians ≤ 1.3.

The added people are namesakes of the generated ones (the same lists of names), tied to no
place and hidden or not as the generator draws them: the typed name finds about ten times
more of them, which is the hard case for an index, and the concierge's results must still
come from the people tied to her places."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.test import Client
from django.utils.http import urlencode

from comptoir.community.models import Person, Visibility, search_name_of
from comptoir.core.search import fold
from comptoir.devtools.bench import measure as bench
from comptoir.devtools.generate.community import FIRST_NAMES, LAST_NAMES

MAX_QUERIES = 6
MAX_RATIO = 1.3
EXTRA_PEOPLE = 180_000
EXTRA_DOMAIN = "recherche.banc.invalid"  # never a real address; all rolled back anyway
BATCH = 5000
HEADING = "## People search as you type, at two sizes"


@dataclass
class SearchRow:
    """One search measured at the network's size and at the larger one."""

    target: bench.Target
    small: bench.Result
    large: bench.Result

    @property
    def ratio(self) -> float | None:
        if self.small.median_ms and self.large.median_ms is not None:
            return self.large.median_ms / self.small.median_ms
        return None

    def verdict(self) -> str:
        if self.target.path is None:
            return "skipped (no data)"
        for result in (self.small, self.large):
            if result.status is None or not 200 <= result.status < 300:
                return f"n/a ({' '.join(str(x) for x in (result.status, result.error) if x)})"
        over = []
        if max(self.small.queries or 0, self.large.queries or 0) > MAX_QUERIES:
            over.append("queries")
        if self.ratio is None or self.ratio > MAX_RATIO:
            over.append("ratio")
        return f"over ({', '.join(over)})" if over else "ok"


def typed_term(person: Person) -> str:
    """What a concierge types for this person: the first name without its accents, then the
    first three letters of the last name ("Inès Barbier" → "ines bar")."""
    last = fold(person.last_name)[:3]
    return f"{fold(person.first_name)} {last}".strip()


def targets(*, place_slug: str | None, term: str) -> list[bench.Target]:
    """The desk looks for one person (`term`); the directory and the API for everyone with
    their first name (its first word), so that their page is full at both sizes and the
    ratio compares the same work (a longer name would list 4 people at one size and 20 at
    the other)."""
    first_name = term.split()[0] if term.split() else term
    desk = f"/lieux/{place_slug}/accueil/?{urlencode({'q': term})}" if place_slug else None
    everyone = urlencode({"q": first_name})

    def row(label: str, path: str | None, who: str, kind: str = "page") -> bench.Target:
        return bench.Target(
            label,
            path,
            who,
            kind,
            htmx=kind == "page",
            max_median_ms=None,
            max_queries=MAX_QUERIES,
        )

    return [
        row("Desk search as you type", desk, "concierge"),
        row("Directory search as you type", f"/communaute/?{everyone}", "member"),
        row("Directory search as you type", f"/communaute/?{everyone}", "concierge"),
        row("API people search", f"/api/v1/people?{everyone}", "anonymous", "api"),
        # A concierge's list adds, per person, whether she sees their private data (the ties
        # of community.ties): one probe of their index.
        row("API people search", f"/api/v1/people?{everyone}", "concierge (token)", "api"),
    ]


def add_people(count: int, *, seed: int = 17) -> int:
    """`count` namesakes of the generated people, tied to no place (bulk, in batches)."""
    rng = random.Random(seed)
    unusable = make_password(None)
    visibilities = [Visibility.HIDDEN, Visibility.MEMBERS, Visibility.PUBLIC]
    added = 0
    while added < count:
        rows = []
        for index in range(added, min(count, added + BATCH)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(
                Person(
                    email=f"r{index:07d}@{EXTRA_DOMAIN}",
                    password=unusable,
                    first_name=first,
                    last_name=last,
                    search_name=search_name_of(first, last),
                    directory_visibility=rng.choices(visibilities, weights=[3, 4, 3])[0],
                )
            )
        Person.objects.bulk_create(rows)
        added += len(rows)
    return added


def _vacuum() -> None:
    """After the rollback, VACUUM the people: the rolled-back rows stay in the table and its
    indexes until then, and would slow the smaller size measured again (PostgreSQL, outside
    a transaction only: in a test's transaction the second run sees them)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {Person._meta.db_table}")


def _analyze() -> None:
    """Fresh statistics for the larger table, so its plans are those of a real one (inside
    the transaction: they are rolled back with the rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")


def merged(first: bench.Result, second: bench.Result) -> bench.Result:
    """One result from two runs of the same target (their timings together)."""
    worst = first if first.status != 200 or first.error else second
    return bench.Result(
        target=first.target,
        status=worst.status,
        queries=max(first.queries or 0, second.queries or 0),
        timings_ms=[*first.timings_ms, *second.timings_ms],
        error=first.error or second.error,
        slowest_sql=first.slowest_sql or second.slowest_sql,
    )


def measure(
    rows: list[bench.Target],
    clients: dict[str, Client],
    *,
    requests: int,
    warmup: int,
    extra: int = EXTRA_PEOPLE,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[SearchRow], tuple[int, int]]:
    """Each target at the current size, then with `extra` more people (added in a
    transaction rolled back after measuring, then vacuumed away), then at the current size
    again: half of the smaller size's requests are timed before, half after, so that a
    machine whose load changes meanwhile weighs on both sizes alike. Returns the rows and
    the two sizes."""

    def run(size: int, count: int) -> list[bench.Result]:
        results = []
        with bench.measuring_settings():
            for target in rows:
                result = bench.measure(clients[target.who], target, requests=count, warmup=warmup)
                if progress:
                    progress(
                        f"{target.label:30} {size:>8,} people q={result.queries} "
                        f"median={bench.fmt_ms(result.median_ms)} "
                        f"p95={bench.fmt_ms(result.p95_ms)}"
                    )
                results.append(result)
        return results

    small_size = Person.objects.count()
    before = run(small_size, max(1, requests // 2))
    with transaction.atomic():
        if progress:
            progress(f"Adding {extra:,} people (rolled back after measuring)…")
        add_people(extra)
        _analyze()
        large_size = Person.objects.count()
        large = run(large_size, requests)
        transaction.set_rollback(True)
    _vacuum()
    after = run(small_size, max(1, requests - requests // 2))
    small = [merged(b, a) for b, a in zip(before, after, strict=True)]
    return [SearchRow(t, s, b) for t, s, b in zip(rows, small, large, strict=True)], (
        small_size,
        large_size,
    )


def lines(rows: list[SearchRow], sizes: tuple[int, int], term: str) -> list[str]:
    small, large = sizes
    table = [
        HEADING,
        "",
        f"The desk is typed “{term}” (a person, as a concierge types it: no accents), the "
        f"directory and the API “{term.split()[0] if term.split() else term}” (everyone "
        "with that first name: a full page at both sizes). The larger size "
        f"adds {large - small:,} namesakes tied to no place, in a transaction rolled back "
        f"after measuring. Targets: ≤ {MAX_QUERIES} queries at both sizes, ratio of "
        f"medians ≤ {MAX_RATIO}.",
        "",
        f"| search | as | queries at {small:,} | median ms | p95 ms "
        f"| queries at {large:,} | median ms | p95 ms | ratio of medians | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        path = f"`{row.target.path}`" if row.target.path else "–"
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "–"
        cells = []
        for result in (row.small, row.large):
            queries = result.queries if result.queries is not None else "–"
            cells += [str(queries), bench.fmt_ms(result.median_ms), bench.fmt_ms(result.p95_ms)]
        table.append(
            f"| {row.target.label} {path} | {row.target.who} | {' | '.join(cells)} "
            f"| {ratio} | {row.verdict()} |"
        )
    return [*table, ""]
