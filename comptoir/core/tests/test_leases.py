"""One process out of several holds a lease, renews it, and loses it only by expiry or
release; on Redis (atomic script), on the database cache and on a process's own cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache

from comptoir.core.cache import RedisCache
from comptoir.core.leases import Lease
from comptoir.core.tests.races import at_once

TTL_S = 0.4


@pytest.fixture
def on_redis(redis_url: str) -> BaseCache:
    return RedisCache(redis_url, {})


@pytest.fixture
def on_database(db: Any, settings: Any) -> BaseCache:
    settings.CACHES = {
        **settings.CACHES,
        "leases": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "comptoir_cache",
        },
    }
    return caches["leases"]


@pytest.fixture
def in_memory() -> BaseCache:
    memory = LocMemCache("comptoir-test-leases", {})
    memory.clear()  # one store per name, shared by the instances of this process
    return memory


@pytest.fixture(params=["on_redis", "on_database", "in_memory"])
def shared(request: Any) -> BaseCache:
    return request.getfixturevalue(request.param)


def test_only_one_of_two_processes_holds_the_lease(shared):
    first, second = Lease("t", ttl_s=TTL_S, using=shared), Lease("t", ttl_s=TTL_S, using=shared)
    assert first.hold() is True
    assert second.hold() is False
    assert first.hold() is True  # renewed
    assert second.hold() is False


def test_the_holder_keeps_it_by_renewing_it(shared):
    holder, other = Lease("t", ttl_s=TTL_S, using=shared), Lease("t", ttl_s=TTL_S, using=shared)
    assert holder.hold()
    for _ in range(4):  # twice the time to live, renewed every half of it
        time.sleep(TTL_S / 2)
        assert holder.hold() is True
        assert other.hold() is False


def test_another_takes_it_over_when_the_holder_stops_renewing(shared):
    holder, other = Lease("t", ttl_s=TTL_S, using=shared), Lease("t", ttl_s=TTL_S, using=shared)
    assert holder.hold()
    time.sleep(TTL_S / 2)
    assert other.hold() is False  # not yet expired
    time.sleep(TTL_S / 2 + 0.15)
    assert other.hold() is True
    assert holder.hold() is False  # the old holder, back, does not take it back


def test_a_released_lease_is_free_at_once_and_only_its_holder_releases_it(shared):
    holder, other = Lease("t", ttl_s=60, using=shared), Lease("t", ttl_s=60, using=shared)
    assert holder.hold()
    other.release()
    assert other.hold() is False
    holder.release()
    assert other.hold() is True


def _race(shared: BaseCache, rounds: int, run: Callable[[list[Callable[[], str]]], list[str]]):
    """Four processes ask at once, `rounds` times: exactly one gets it each time; every other
    round, over the expired lease of a holder that died."""
    for round_ in range(rounds):
        if round_ % 2:
            assert Lease("t", ttl_s=0.05, using=shared).hold()
            time.sleep(0.1)
        leases = [Lease("t", ttl_s=60, using=shared) for _ in range(4)]
        outcomes = run([lambda lease=lease: str(lease.hold()) for lease in leases])
        assert sorted(outcomes) == ["False", "False", "False", "True"]
        shared.clear()


def _threads(jobs: list[Callable[[], str]]) -> list[str]:
    barrier, outcomes, lock = threading.Barrier(len(jobs)), [], threading.Lock()

    def run(job: Callable[[], str]) -> None:
        barrier.wait(timeout=30)
        result = job()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_on_redis_processes_asking_at_once_elect_exactly_one(on_redis):
    _race(on_redis, 20, _threads)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_on_the_database_cache_processes_asking_at_once_elect_exactly_one(settings):
    settings.CACHES = {
        **settings.CACHES,
        "leases": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "comptoir_cache",
        },
    }
    _race(caches["leases"], 10, at_once)
