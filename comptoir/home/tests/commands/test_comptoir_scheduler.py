"""The scheduler enqueues the minute task every time and the daily one once a day; of
several schedulers, only the holder of the lease enqueues (issue 17 pt 4)."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time
from zoneinfo import ZoneInfo

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command

from comptoir.core.cache import RedisCache
from comptoir.core.leases import Lease
from comptoir.home.management.commands.comptoir_scheduler import LEASE, enqueue_due, tick

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.django_db
def test_it_enqueues_the_daily_upkeep_once_per_day():
    morning = dt.datetime(2031, 5, 6, 7, 0, tzinfo=PARIS)
    first = enqueue_due(morning)
    second = enqueue_due(morning + dt.timedelta(hours=3))
    next_day = enqueue_due(morning + dt.timedelta(days=1))
    minutely = ["auto_check_out", "expire_waitlist_offers", "close_due_proposals"]
    daily = [
        "daily_access_upkeep",
        "send_reminders",
        "purge_guest_contacts",
        "close_due_periods",
        "send_invoice_reminders",
        "roster_upkeep",
        "expire_posts",
        "parcels_upkeep",
        "apply_due_changes",
        "send_loan_reminders",
        "expire_gifts",
    ]
    assert first == [*minutely, *daily]
    assert second == minutely
    assert next_day == [*minutely, *daily]


@pytest.mark.django_db
def test_it_waits_for_five_in_the_morning_for_the_daily_upkeep():
    night = dt.datetime(2031, 5, 6, 3, 0, tzinfo=PARIS)
    assert enqueue_due(night) == ["auto_check_out", "expire_waitlist_offers", "close_due_proposals"]


@pytest.mark.django_db
def test_the_command_runs_once_and_exits():
    call_command("comptoir_scheduler", "--once", verbosity=0)


MINUTELY = ["auto_check_out", "expire_waitlist_offers", "close_due_proposals"]
NIGHT = dt.datetime(2031, 5, 6, 3, 0, tzinfo=PARIS)  # before 05:00: the minute's tasks only


@pytest.fixture
def recorded_tasks(settings):
    """Tasks recorded, not run: what matters here is who enqueues."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _side_by_side(leases: list[Lease], now: dt.datetime) -> list[list[str]]:
    """Each scheduler's run of the loop body, in its own thread, released at once."""
    barrier, runs, lock = threading.Barrier(len(leases)), [], threading.Lock()

    def run(lease: Lease) -> None:
        barrier.wait(timeout=30)
        names = tick(lease, now)
        with lock:
            runs.append(names)

    threads = [threading.Thread(target=run, args=(lease,)) for lease in leases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(runs)


def test_of_two_schedulers_running_at_once_one_enqueues_each_minute(redis_url, recorded_tasks):
    shared = RedisCache(redis_url, {})
    schedulers = [Lease(LEASE, ttl_s=180, using=shared) for _ in range(2)]
    for minute in range(6):
        runs = _side_by_side(schedulers, NIGHT + dt.timedelta(minutes=minute))
        assert runs == [[], MINUTELY]


@pytest.mark.parametrize("where", ["redis", "database"])
@pytest.mark.django_db
def test_the_other_scheduler_takes_over_when_the_leader_stops(where, request, recorded_tasks):
    if where == "redis":
        shared = RedisCache(request.getfixturevalue("redis_url"), {})
    else:
        shared = DatabaseCache("comptoir_cache", {})  # the cache of an install without Redis
    leader, standby = Lease(LEASE, ttl_s=0.4, using=shared), Lease(LEASE, ttl_s=0.4, using=shared)
    assert tick(leader, NIGHT) == MINUTELY
    time.sleep(0.25)
    assert tick(leader, NIGHT) == MINUTELY  # renewed: it holds past its first time to live
    time.sleep(0.25)
    assert tick(standby, NIGHT) == []
    time.sleep(0.5)  # the leader stopped renewing
    assert tick(standby, NIGHT) == MINUTELY
    assert tick(leader, NIGHT) == []


@pytest.mark.django_db
def test_a_second_scheduler_started_beside_the_first_enqueues_nothing(recorded_tasks):
    first, second = io.StringIO(), io.StringIO()
    call_command("comptoir_scheduler", "--once", verbosity=2, stdout=first)
    call_command("comptoir_scheduler", "--once", verbosity=2, stdout=second)
    assert first.getvalue().startswith(
        "auto_check_out, expire_waitlist_offers, close_due_proposals"
    )
    assert second.getvalue().strip() == "another scheduler holds the lease"


def test_the_lease_lives_in_the_configured_cache(redis_url, settings, recorded_tasks):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "comptoir.core.cache.RedisCache", "LOCATION": redis_url},
    }
    call_command("comptoir_scheduler", "--once", verbosity=0)

    key = caches["default"].make_and_validate_key("comptoir:lease:scheduler")
    client = redis.Redis.from_url(redis_url)
    assert 170_000 < client.pttl(key) <= 180_000  # 3 intervals
    # Set by the atomic script (the holder's bare token), not by Django's cache.add (pickled)
    assert re.fullmatch(rb"[0-9a-f]{32}", client.get(key))
