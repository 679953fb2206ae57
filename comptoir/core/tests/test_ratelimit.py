"""Throttling's building blocks: the client's address behind trusted proxies, rates, and
fixed-window counters (one Redis round trip for all of a request's counters)."""

from __future__ import annotations

import socket
import uuid
from typing import Any

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from comptoir.core import ratelimit
from comptoir.core.ratelimit import Counter, Rate, client_ip, hit, parse_rate


def _request(remote: str = "10.0.0.1", forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_never_trusted(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 0
    assert client_ip(_request("10.0.0.1", "203.0.113.7")) == "10.0.0.1"


def test_behind_one_proxy_the_client_is_the_last_hop(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    assert client_ip(_request("10.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # A client forging the header only adds entries on the left: they are ignored.
    assert client_ip(_request("10.0.0.1", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_the_second_hop_from_the_right(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 2
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"
    assert client_ip(_request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"


def test_a_missing_or_garbled_header_falls_back_to_the_peer(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    assert client_ip(_request("10.0.0.1")) == "10.0.0.1"
    assert client_ip(_request("10.0.0.1", " , ")) == "10.0.0.1"
    assert client_ip(_request("10.0.0.1", "not-an-address")) == "10.0.0.1"


def test_ipv6_clients_are_counted_per_64_network(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 1
    one = ratelimit.address_key(_request("10.0.0.1", "2001:db8:1:2::1"))
    other = ratelimit.address_key(_request("10.0.0.1", "2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::"


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("600/m", Rate(600, 60)),
        ("20/10m", Rate(20, 600)),
        ("5000/h", Rate(5000, 3600)),
        ("3/30s", Rate(3, 30)),
        ("7/45", Rate(7, 45)),
        ("off", None),
        ("", None),
    ],
)
def test_rates_are_written_count_per_period(text: str, rate: Rate | None) -> None:
    assert parse_rate(text) == rate


def test_a_counter_refuses_past_its_rate_until_its_window_ends() -> None:
    counter = Counter("test:someone", Rate(3, 60))
    start = 6000.0  # a window starts here: 100 × 60 s
    assert [hit([counter], now=start + i) for i in range(3)] == [0, 0, 0]
    assert hit([counter], now=start + 20) == 40  # seconds until the window ends
    assert hit([counter], now=start + 60) == 0  # a new window


def test_blocking_counters_are_read_not_counted() -> None:
    failures = Counter("test:failures", Rate(2, 60))
    requests = Counter("test:requests", Rate(100, 60))
    assert hit([requests], blocking=[failures], now=6000) == 0
    hit([failures], now=6001)
    assert hit([requests], blocking=[failures], now=6002) == 0
    hit([failures], now=6003)
    assert hit([requests], blocking=[failures], now=6004) == 56


def _redis_url() -> str | None:
    try:
        socket.create_connection(("127.0.0.1", 6379), 0.5).close()
    except OSError:
        return None
    return "redis://127.0.0.1:6379/14"


@pytest.mark.skipif(_redis_url() is None, reason="no Redis on 127.0.0.1:6379")
def test_on_redis_all_counters_take_one_round_trip(settings: Any, monkeypatch: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "comptoir.core.cache.RedisCache", "LOCATION": _redis_url()}
    }
    backend = caches["default"]
    client = backend._cache.get_client(write=True)
    trips: list[int] = []
    original = type(client.pipeline()).execute

    def execute(pipe: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(len(pipe.command_stack))
        return original(pipe, *args, **kwargs)

    monkeypatch.setattr(type(client.pipeline()), "execute", execute)
    run = uuid.uuid4().hex  # its own keys (they expire within a minute): no flush needed
    token, address = Counter(f"{run}:token", Rate(2, 60)), Counter(f"{run}:addr", Rate(5, 60))
    failures = Counter(f"{run}:fail", Rate(1, 60))
    results = [hit([token, address], blocking=[failures], now=6000 + i) for i in range(3)]
    assert results == [0, 0, 60 - 2]
    assert trips == [5, 5, 5]  # INCR + EXPIRE per counter, GET per blocking one: one pipeline
    hit([failures], now=6003)
    assert hit([address], blocking=[failures], now=6004) == 56
