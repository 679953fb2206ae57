"""A lease in the shared cache: one process out of several holds it (issue 17 pt 4).

The scheduler runs where it is started, possibly on more than one machine by mistake; only
the holder of the lease enqueues. The holder renews it at every run; when it dies, the lease
expires after its time to live and the next process that asks takes it.

On Redis (REDIS_URL) taking and renewing are one atomic script: the key is set when free,
its expiry pushed back when it holds our token, and nothing happens otherwise. On the
database cache (an install without Redis) they are one atomic statement on its table, an
upsert that only overwrites an expired lease or our own (Django's `cache.add` would let two
processes both replace an expired row). Another cache (a process's own memory, in tests)
takes it with `cache.add`, and renews it by reading then touching.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from django.utils import timezone

# KEYS[1]: the lease; ARGV[1]: our token; ARGV[2]: time to live in milliseconds.
_HOLD = """
local holder = redis.call('get', KEYS[1])
if holder == false then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class Lease:
    """`hold()` before each run: True when this process holds the lease (taken or renewed)."""

    def __init__(self, name: str, *, ttl_s: float, using: BaseCache | None = None) -> None:
        # The backend itself (not django.core.cache.cache, a proxy): its class says how.
        self.cache = using if using is not None else caches["default"]
        self.key = f"comptoir:lease:{name}"
        self.ttl_s = ttl_s
        self.token = uuid.uuid4().hex

    def hold(self) -> bool:
        if isinstance(self.cache, RedisCache):
            return bool(self._redis_script(_HOLD)(keys=[self._redis_key()], args=self._args()))
        if isinstance(self.cache, DatabaseCache):
            return self._upsert_in_table()
        holder = self.cache.get(self.key)
        if holder == self.token:
            return bool(self.cache.touch(self.key, self.ttl_s))
        return holder is None and self.cache.add(self.key, self.token, self.ttl_s)

    def release(self) -> None:
        """Give the lease up now (a clean stop), so another process need not wait."""
        if isinstance(self.cache, RedisCache):
            self._redis_script(_RELEASE)(keys=[self._redis_key()], args=[self.token])
        elif isinstance(self.cache, DatabaseCache):
            self._delete_from_table()
        elif self.cache.get(self.key) == self.token:
            self.cache.delete(self.key)

    def _args(self) -> list[Any]:
        return [self.token, max(1, round(self.ttl_s * 1000))]

    def _redis_key(self) -> str:
        return self.cache.make_and_validate_key(self.key)

    def _redis_script(self, source: str) -> Any:
        redis_cache: Any = self.cache  # its client is not in the type stubs
        return redis_cache._cache.get_client(write=True).register_script(source)

    def _table(self) -> tuple[Any, str]:
        """The database cache's connection and quoted table (its rows: key, value, expiry;
        the lease's value is its holder's token, which only this class reads)."""
        database_cache: Any = self.cache
        connection = connections[router.db_for_write(database_cache.cache_model_class)]
        return connection, connection.ops.quote_name(database_cache._table)

    def _upsert_in_table(self) -> bool:
        connection, table = self._table()
        now = timezone.now()
        expires = connection.ops.adapt_datetimefield_value(now + timedelta(seconds=self.ttl_s))
        key = self.cache.make_and_validate_key(self.key)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                f"ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, "
                f"expires = EXCLUDED.expires WHERE {table}.value = EXCLUDED.value "
                f"OR {table}.expires < %s",
                [key, self.token, expires, connection.ops.adapt_datetimefield_value(now)],
            )
            return bool(cursor.rowcount == 1)

    def _delete_from_table(self) -> None:
        connection, table = self._table()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE cache_key = %s AND value = %s",
                [self.cache.make_and_validate_key(self.key), self.token],
            )
