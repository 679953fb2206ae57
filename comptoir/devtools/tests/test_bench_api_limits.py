"""`make bench` drives the API from one token and one address far past a desk's pace: it
lifts the API limits for its run (here and in the granian servers it starts, through the
environment), and puts them back afterwards."""

from __future__ import annotations

import os
from typing import Any

from comptoir.core.ratelimit import parse_rate
from comptoir.devtools.management.commands.comptoir_bench import lifted_api_limits


def test_the_bench_lifts_the_api_limits_then_puts_them_back(
    settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("API_RATE_LIMIT_TOKEN", "600/m")
    monkeypatch.delenv("API_RATE_LIMIT_ADDRESS", raising=False)
    before = dict(settings.API_RATE_LIMITS)

    with lifted_api_limits():
        token = parse_rate(settings.API_RATE_LIMITS["credential"])
        address = parse_rate(os.environ["API_RATE_LIMIT_ADDRESS"])
        assert token is not None and token.limit / token.seconds > 1000  # per second
        assert address is not None and address.limit / address.seconds > 1000
        assert settings.API_RATE_LIMITS["failed_auth"] == before["failed_auth"]

    assert settings.API_RATE_LIMITS == before
    assert os.environ["API_RATE_LIMIT_TOKEN"] == "600/m"
    assert "API_RATE_LIMIT_ADDRESS" not in os.environ
