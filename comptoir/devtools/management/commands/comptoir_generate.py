"""Generate network-scale data for benchmarks: places, people, structures, roles, audit,
and coworking access: offers, subscriptions, ticket books with their ledgers, day passes,
orders, and two years of visits with the half-days they paid for; bookable resources
(rooms, desk areas, machines with their trainings) and two years of bookings.

Rows are written with bulk_create or COPY in batches and without per-row services: the point
is volume, quickly, in bounded memory (rows are streamed a batch at a time; only compact ids
are kept from one phase to the next), and the command reports its peak memory. Everything
generated hangs off one network (slug `reseau-genere`) and uses addresses under
`gen.comptoir.test`, so `--reset` can wipe it without touching real data.
"""

from __future__ import annotations

import resource
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from comptoir.devtools.generate.network import (
    SCALED,
    generate,
    generated_network_exists,
    wipe_generated,
)


class Command(BaseCommand):
    help = "Generate network-scale data for benchmarks (see docs/benchmarks.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=int, default=5)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--organizations", type=int, default=2_000)
        parser.add_argument("--roles", type=int, default=40_000)
        parser.add_argument("--skills", type=int, default=200)
        parser.add_argument("--skills-per-person", type=float, default=3.0)
        parser.add_argument("--audit-events", type=int, default=50_000)
        parser.add_argument("--ticket-books", type=int, default=30_000)
        parser.add_argument("--visits", type=int, default=300_000, help="over two years")
        parser.add_argument("--subscriptions", type=int, default=400, help="of structures")
        parser.add_argument("--orders", type=int, default=4_000, help="the latest sales")
        parser.add_argument("--present", type=int, default=300, help="open visits today")
        parser.add_argument("--bookings", type=int, default=200_000, help="over two years")
        parser.add_argument("--events", type=int, default=10_000, help="over two years")
        parser.add_argument("--registrations", type=int, default=120_000, help="to the events")
        parser.add_argument("--projects", type=int, default=2_000)
        parser.add_argument("--contributions", type=int, default=100_000, help="over two years")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply every count but places and skills",
        )
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--password", default="comptoir", help="of every generated person")
        parser.add_argument("--reset", action="store_true", help="wipe generated rows first")
        parser.add_argument(
            "--if-absent", action="store_true", help="do nothing when data was generated"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        counts = {name: max(1, round(options[name] * scale)) for name in SCALED}
        if options["places"] < 1:
            raise CommandError("--places must be at least 1.")
        if generated_network_exists():
            if options["if_absent"]:
                self.stdout.write("Generated data already present: nothing to do.")
                return
            if not options["reset"]:
                raise CommandError("Generated data already present: use --reset to replace it.")
        started = timezone.now()
        with transaction.atomic():
            if options["reset"]:
                wipe_generated()
                wiped = (timezone.now() - started).total_seconds()
                self.stdout.write(f"  (previous generated rows deleted in {wiped:.1f} s)")
            generate(options, counts, self.stdout)
        written = timezone.now()
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as a live database would have after
            # autovacuum: bulk loads leave none, so the planner would guess from defaults and
            # index-only scans would still visit the heap.
            in_atomic = connection.in_atomic_block
            vacuum = connection.vendor == "postgresql" and not in_atomic
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        analysed = (timezone.now() - written).total_seconds()
        self.stdout.write(f"  (committed, vacuumed and analysed in {analysed:.1f} s)")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(f"Generated in {seconds:.1f} s, peak memory {peak_megabytes()} MB.")
        )


def peak_megabytes() -> int:
    """The process's peak resident memory so far (kilobytes on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024))
