"""API requests are limited per token (or session) and per client address, and token
guesses per address: past a limit, a 429 `throttled` in the API's error format with a
Retry-After header. The counters cost no SQL query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _limits(settings: Any, **limits: str) -> None:
    settings.API_RATE_LIMITS = {
        "credential": "off",
        "address": "off",
        "failed_auth": "off",
        **limits,
    }


def assert_throttled(response: Any) -> None:
    assert_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Retry-After"] in response.json()["detail"]


def test_a_token_past_its_rate_is_told_when_to_come_back(settings, person, place):
    _limits(settings, credential="3/m")
    api = ApiClient(token_for(person))

    assert [api.get("/places").status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(api.get("/places"))
    # Another person's token has its own budget.
    assert ApiClient(token_for(PersonFactory())).get("/places").status_code == 200


def test_a_browser_session_is_counted_like_a_token(settings, member_client, place):
    _limits(settings, credential="2/m")

    assert [member_client.get("/api/v1/places").status_code for _ in range(2)] == [200, 200]
    assert_throttled(member_client.get("/api/v1/places"))


def test_anonymous_clients_are_limited_per_address(settings, place):
    _limits(settings, address="2/m")
    here, there = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")

    assert [here.get("/api/v1/places").status_code for _ in range(2)] == [200, 200]
    assert_throttled(here.get("/api/v1/places"))
    assert there.get("/api/v1/places").status_code == 200


def test_writes_are_throttled_in_the_same_format(settings, concierge, place):
    _limits(settings, credential="1/m")
    api = ApiClient(token_for(concierge))
    api.get("/places")

    assert_throttled(api.post("/spaces", {"place": place.slug, "name": "Salle"}))


def test_token_guesses_from_an_address_are_stopped_even_with_the_right_token(settings, person):
    _limits(settings, failed_auth="5/m")
    right = token_for(person)

    guesses = [ApiClient(f"cpt_guess{i}").get("/people/me").status_code for i in range(5)]
    assert guesses == [401] * 5
    assert_throttled(ApiClient(f"cpt_guess{6}").get("/people/me"))
    assert_throttled(ApiClient(right).get("/people/me"))
    # Another address is not blocked by this one's guesses.
    other = Client(REMOTE_ADDR="192.0.2.9", headers={"Authorization": f"Bearer {right}"})
    assert other.get("/api/v1/people/me").status_code == 200


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(settings, place):
    _limits(settings, address="1/m")
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"

    def via_proxy(client_address: str) -> Any:
        return Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=client_address)

    assert via_proxy("203.0.113.1").get("/api/v1/places").status_code == 200
    assert via_proxy("203.0.113.2").get("/api/v1/places").status_code == 200
    assert_throttled(via_proxy("203.0.113.1").get("/api/v1/places"))
    # A forged entry on the left changes nothing: the proxy's own entry is the one used.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.1")
    assert_throttled(forged.get("/api/v1/places"))


def test_without_trusted_proxies_the_forwarded_header_changes_nothing(settings, place):
    _limits(settings, address="1/m")
    settings.TRUSTED_PROXIES = 0

    assert Client(HTTP_X_FORWARDED_FOR="203.0.113.1").get("/api/v1/places").status_code == 200
    assert_throttled(Client(HTTP_X_FORWARDED_FOR="203.0.113.2").get("/api/v1/places"))


def test_the_default_limits_let_a_busy_desk_work(settings, concierge, place):
    # The shipped defaults: hundreds of requests a minute per token.
    api = ApiClient(token_for(concierge))

    assert all(api.get("/places").status_code == 200 for _ in range(300))


def test_the_limiter_adds_no_sql_query(settings, person, place):
    api = ApiClient(token_for(person))
    api.get("/people/me")
    _limits(settings)
    with CaptureQueriesContext(connection) as unlimited:
        api.get("/people/me")
    _limits(settings, credential="100/m", address="100/m", failed_auth="10/m")
    with CaptureQueriesContext(connection) as limited:
        assert api.get("/people/me").status_code == 200

    assert len(limited) == len(unlimited)


def test_other_paths_are_not_counted(settings, place):
    _limits(settings, address="1/m")
    client = Client()

    assert [client.get("/sante/").status_code for _ in range(3)] == [200, 200, 200]
