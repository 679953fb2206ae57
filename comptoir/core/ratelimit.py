"""Throttling: who a request comes from, and how often they may come.

Two mechanisms, each where it fits:

- People's actions (logging in, the admin's log-in, registering to an event without an
  account) go through allauth's rate limits (`ACCOUNT_RATE_LIMITS`, sliding windows per
  address and per key): they are rare, and the admin's log-in shares the site's budget.
- Every API request goes through `hit`: fixed-window counters in the shared cache, one
  atomic INCR per counter, all sent to Redis in ONE round trip (allauth's limiter takes a
  lock and rewrites a list of timestamps: four round trips, too many for every request).

Addresses are the client's, not the reverse proxy's: `client_ip` reads X-Forwarded-For
only behind `TRUSTED_PROXIES` proxies, and IPv6 clients are counted per /64 network (one
machine usually holds a whole /64)."""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import DomainError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
IPV6_PREFIX = 64


class Throttled(DomainError):
    """Too many requests in a short while; `retry_after` says when to come back (seconds)."""

    code = "throttled"
    status = 429
    default_message = _("Too many attempts in a short while. Wait a few minutes, then try again.")

    def __init__(self, message: Any = None, *, retry_after: int = 60, **params: Any) -> None:
        super().__init__(message, **params)
        self.retry_after = max(1, int(retry_after))


# --- the client's address ------------------------------------------------------------------


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies (settings.TRUSTED_PROXIES) each one
    appends the address it saw to X-Forwarded-For, so the client is the N-th entry from
    the right; whatever is further left was written by the client and is never trusted.
    With 0 trusted proxies the header is ignored."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a key, not a bind)
    proxies: int = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer hops than proxies: the request skipped a proxy; the leftmost hop is still one a
    # trusted proxy wrote (a client's own entries would make the list longer, not shorter).
    return _address(hops[-min(proxies, len(hops))]) or remote


def address_key(request: HttpRequest) -> str:
    """The client's address as a counter key: IPv6 addresses by their /64 network."""
    address = client_ip(request)
    if ":" not in address:
        return address
    try:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    except ValueError:
        return address


# --- fixed-window counters -----------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """`limit` requests per `seconds`, written like "600/m", "20/10m" or "5000/h"."""

    limit: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.limit}/{self.seconds}s"


@lru_cache(maxsize=64)
def parse_rate(text: str) -> Rate | None:
    """A Rate from "600/m"; None (no limit) for "", "0" or "off"."""
    text = (text or "").strip().lower()
    if text in {"", "0", "off", "none"}:
        return None
    amount, _sep, period = text.partition("/")
    unit = period[-1:] if period[-1:] in UNITS else "s"
    count = period[: -1 if period[-1:] in UNITS else None] or "1"
    rate = Rate(limit=int(amount), seconds=int(float(count) * UNITS[unit]))
    if rate.limit <= 0 or rate.seconds <= 0:
        raise ValueError(f"Not a rate: {text!r} (write it like 600/m)")
    return rate


@dataclass(frozen=True)
class Counter:
    """One counter: `name` says whose requests it counts (e.g. "api:addr:192.0.2.1")."""

    name: str
    rate: Rate

    def window(self, now: float) -> tuple[str, int]:
        """This window's cache key, and the seconds until the window ends."""
        index, elapsed = divmod(now, self.rate.seconds)
        key = f"rl:{self.name}:{self.rate.seconds}:{int(index)}"
        return key, max(1, math.ceil(self.rate.seconds - elapsed))


def _cache() -> Any:
    # Without Redis, settings give the counters a per-process memory cache: counting in the
    # database cache would add SQL queries to every API request.
    alias = "ratelimit" if "ratelimit" in settings.CACHES else "default"
    return caches[alias]


def _redis_counts(backend: Any, incremented: list[tuple[str, int]], read: list[str]) -> list[int]:
    client = backend._cache.get_client(write=True)
    pipe = client.pipeline(transaction=False)  # pipelined: one round trip for all commands
    for key, ttl in incremented:
        full_key = backend.make_and_validate_key(key)
        pipe.incr(full_key)
        pipe.expire(full_key, ttl + 1)
    for key in read:
        pipe.get(backend.make_and_validate_key(key))
    results = pipe.execute()
    counts = [int(value) for value in results[0 : 2 * len(incremented) : 2]]
    return counts + [int(value or 0) for value in results[2 * len(incremented) :]]


def _cache_counts(backend: Any, incremented: list[tuple[str, int]], read: list[str]) -> list[int]:
    counts = []
    for key, ttl in incremented:
        backend.add(key, 0, ttl + 1)
        try:
            counts.append(backend.incr(key))
        except ValueError:  # expired between add and incr
            backend.set(key, 1, ttl + 1)
            counts.append(1)
    return counts + [int(backend.get(key) or 0) for key in read]


def hit(
    counters: Sequence[Counter], *, blocking: Sequence[Counter] = (), now: float | None = None
) -> int:
    """Count one request on each of `counters` and read `blocking` ones (counted
    elsewhere, e.g. failures) without counting. Returns 0 when every counter is within its
    rate, else the seconds until the exceeded window ends (for Retry-After)."""
    now = time.time() if now is None else now
    windows = [counter.window(now) for counter in counters]
    blocked = [counter.window(now) for counter in blocking]
    backend = _cache()
    reads = [key for key, _ttl in blocked]
    if isinstance(backend, django_redis.RedisCache):
        counts = _redis_counts(backend, windows, reads)
    else:
        counts = _cache_counts(backend, windows, reads)
    counted, reached = counts[: len(counters)], counts[len(counters) :]
    waits = [
        ttl
        for (_key, ttl), c, n in zip(windows, counters, counted, strict=True)
        if n > c.rate.limit
    ]
    waits += [
        ttl
        for (_key, ttl), c, n in zip(blocked, blocking, reached, strict=True)
        if n >= c.rate.limit
    ]
    return max(waits, default=0)


# --- people's actions, through allauth's limits --------------------------------------------


def consume(request: HttpRequest, action: str, *, key: str | None = None) -> None:
    """Count one `action` (a key of ACCOUNT_RATE_LIMITS) for this address, and for `key`
    when given; raises Throttled past the limit. Its Retry-After is the shortest window of
    the action's rates: the earliest moment a new try may be accepted."""
    from allauth.core import ratelimit

    if not ratelimit.consume(request, action=action, key=key):
        raise Throttled(retry_after=_shortest_window(action))


def _shortest_window(action: str) -> int:
    rates = str(settings.ACCOUNT_RATE_LIMITS.get(action) or "")
    seconds = []
    for part in rates.split(","):
        rate = parse_rate(part.rsplit("/", 1)[0] if part.count("/") == 2 else part)
        if rate is not None:
            seconds.append(rate.seconds)
    return min(seconds, default=60)
