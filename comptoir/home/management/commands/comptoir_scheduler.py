"""Enqueue the periodic tasks: the worker (`db_worker`) runs them.

Every minute: check out the people still checked in after their place closed, and pass
waitlist offers that ran out to the next person. Once a day,
from 05:00 (TIME_ZONE): subscription renewals, ticket expiries and reminders, and the
agenda's reminders for tomorrow's events, the purge of guests' contacts past their
retention period, the closing of yesterday and last month of every entity that invoices. Run one
scheduler per installation (`make run` starts it); the daily run is also guarded by an
atomic cache key, so a second scheduler by mistake does not double it, and every task is
idempotent anyway. `--once` enqueues what is due and exits (for cron).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from comptoir.access.tasks import daily_access_upkeep
from comptoir.agenda.tasks import purge_guest_contacts, send_reminders
from comptoir.bookings.tasks import expire_waitlist_offers
from comptoir.invoicing.tasks import close_due_periods
from comptoir.presence.tasks import auto_check_out

DAILY_FROM_HOUR = 5
DAILY_KEY = "comptoir:scheduler:daily:{day}"


def enqueue_due(now: datetime) -> list[str]:
    """Enqueue what is due at `now`; returns the names of the tasks enqueued."""
    enqueued = [auto_check_out.enqueue().task.name, expire_waitlist_offers.enqueue().task.name]
    local = timezone.localtime(now)
    if local.hour >= DAILY_FROM_HOUR:
        key = DAILY_KEY.format(day=local.date().isoformat())
        if cache.add(key, "1", timeout=2 * 24 * 3600):
            enqueued.append(daily_access_upkeep.enqueue().task.name)
            enqueued.append(send_reminders.enqueue().task.name)  # the agenda's day-before
            enqueued.append(purge_guest_contacts.enqueue().task.name)  # RGPD retention
            enqueued.append(close_due_periods.enqueue().task.name)  # yesterday, last month
    return enqueued


class Command(BaseCommand):
    help = "Enqueue Comptoir's periodic tasks (every minute; daily ones once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            names = enqueue_due(timezone.now())
            if options["verbosity"] > 1:
                self.stdout.write(", ".join(names))
            if options["once"]:
                return
            time.sleep(max(5, options["interval"]))
