"""The Redis cache keeps one client per connection pool and behaves as Django's."""

from __future__ import annotations

import uuid

from comptoir.core.cache import RedisCache

# Redis runs beside PostgreSQL on this machine and in CI (database 14: the tests' own).
LOCATION = "redis://127.0.0.1:6379/14"


def test_it_reuses_its_client_and_stores_like_djangos() -> None:
    cache = RedisCache(LOCATION, {})
    key = f"comptoir-test-{uuid.uuid4()}"

    cache.set(key, {"a": 1}, 30)

    assert cache.get(key) == {"a": 1}
    assert cache.get_many([key, f"{key}-missing"]) == {key: {"a": 1}}
    client = cache._cache.get_client(key)
    assert cache._cache.get_client(key) is client
    assert cache._cache.get_client(key, write=True) is cache._cache.get_client(write=True)
    cache.delete(key)
    assert cache.get(key) is None
