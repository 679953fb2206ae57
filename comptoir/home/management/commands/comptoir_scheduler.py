"""Enqueue the periodic tasks: the worker (`db_worker`) runs them.

Every minute: check out the people still checked in after their place closed, and pass
waitlist offers that ran out to the next person. Once a day,
from 05:00 (TIME_ZONE): subscription renewals, ticket expiries and reminders, and the
agenda's reminders for tomorrow's events, the purge of guests' contacts past their
retention period, the closing of yesterday and last month of every entity that invoices,
the reminders and returns of the parcels waiting at the desks. Run one
scheduler per installation (`make run` starts it). A second one, on another machine or by
mistake, is harmless: the schedulers elect a leader through a lease in the shared cache
(core.leases: Redis in production), only the holder enqueues, and when it stops the lease
expires after three intervals and another takes over (issue 17 pt 4). The daily run is
also guarded by an atomic cache key, and every task is idempotent anyway. `--once`
enqueues what is due and exits (for cron: every minute, on one machine or several).
"""

from __future__ import annotations

import signal
import time
from datetime import datetime
from typing import Any, NoReturn

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from comptoir.access.tasks import daily_access_upkeep
from comptoir.agenda.tasks import purge_guest_contacts, send_reminders
from comptoir.bookings.tasks import expire_waitlist_offers
from comptoir.conciergerie.tasks import parcels_upkeep
from comptoir.core.leases import Lease
from comptoir.exchange.tasks import expire_posts
from comptoir.givebox.tasks import expire_gifts
from comptoir.governance.tasks import apply_due_changes, close_due_proposals
from comptoir.invoicing.tasks import close_due_periods, send_invoice_reminders
from comptoir.lending.tasks import send_loan_reminders
from comptoir.presence.tasks import auto_check_out
from comptoir.roster.tasks import roster_upkeep

DAILY_FROM_HOUR = 5
DAILY_KEY = "comptoir:scheduler:daily:{day}"
LEASE = "scheduler"
# The holder renews the lease at every run: it expires after three runs missed.
LEASE_INTERVALS = 3


def enqueue_due(now: datetime) -> list[str]:
    """Enqueue what is due at `now`; returns the names of the tasks enqueued."""
    enqueued = [auto_check_out.enqueue().task.name, expire_waitlist_offers.enqueue().task.name]
    enqueued.append(close_due_proposals.enqueue().task.name)  # governance: count when due
    local = timezone.localtime(now)
    if local.hour >= DAILY_FROM_HOUR:
        key = DAILY_KEY.format(day=local.date().isoformat())
        if cache.add(key, "1", timeout=2 * 24 * 3600):
            enqueued.append(daily_access_upkeep.enqueue().task.name)
            enqueued.append(send_reminders.enqueue().task.name)  # the agenda's day-before
            enqueued.append(purge_guest_contacts.enqueue().task.name)  # RGPD retention
            enqueued.append(close_due_periods.enqueue().task.name)  # yesterday, last month
            enqueued.append(send_invoice_reminders.enqueue().task.name)  # unpaid at 7, 30 days
            enqueued.append(roster_upkeep.enqueue().task.name)  # shifts ahead, gaps alerted
            enqueued.append(expire_posts.enqueue().task.name)  # the exchange board's
            enqueued.append(parcels_upkeep.enqueue().task.name)  # parcels reminded, returned
            enqueued.append(apply_due_changes.enqueue().task.name)  # decisions on their date
            enqueued.append(send_loan_reminders.enqueue().task.name)  # library: due, late
            enqueued.append(expire_gifts.enqueue().task.name)  # Give Box: past three weeks
    return enqueued


def tick(lease: Lease, now: datetime) -> list[str]:
    """One run of the loop: enqueue what is due if this process holds the lease (taken
    or renewed now), nothing while another scheduler holds it."""
    return enqueue_due(now) if lease.hold() else []


def _stop(signum: int, frame: Any) -> NoReturn:
    raise SystemExit(0)  # systemd's stop (SIGTERM) leaves through `finally`


class Command(BaseCommand):
    help = "Enqueue Comptoir's periodic tasks (every minute; daily ones once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = max(5, options["interval"])
        lease = Lease(LEASE, ttl_s=LEASE_INTERVALS * interval)
        if options["once"]:
            # Not released: cron's next run, a minute later, renews it.
            self._report(tick(lease, timezone.now()), options["verbosity"])
            return
        signal.signal(signal.SIGTERM, _stop)
        try:
            while True:
                self._report(tick(lease, timezone.now()), options["verbosity"])
                time.sleep(interval)
        finally:
            lease.release()  # a restarted or standby scheduler need not wait for it to expire

    def _report(self, names: list[str], verbosity: int) -> None:
        if verbosity > 1:
            self.stdout.write(", ".join(names) if names else "another scheduler holds the lease")
