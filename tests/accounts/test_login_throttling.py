"""The admin's log-in is throttled like the site's and shares its budget, and every log-in
limit keys on the client's real address behind the configured number of trusted proxies."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.community.tests.factories import PASSWORD, PersonFactory
from tests.accounts.helpers import verified_person

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/?next=/admin/"


def _superuser() -> Any:
    return PersonFactory(is_staff=True, is_superuser=True)


def _admin_login(client: Client, email: str, password: str) -> Any:
    return client.post(ADMIN_LOGIN, {"username": email, "password": password})


def _in_admin(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_admin_logs_in_with_the_right_password() -> None:
    admin, client = _superuser(), Client()

    response = _admin_login(client, admin.email, PASSWORD)

    assert response.status_code == 302
    assert _in_admin(client)


def test_after_many_wrong_passwords_even_the_right_one_is_refused() -> None:
    admin, client = _superuser(), Client()
    for _attempt in range(40):
        _admin_login(client, admin.email, "pas-le-bon")

    response = _admin_login(client, admin.email, PASSWORD)

    assert response.status_code in (200, 429)
    assert not _in_admin(client)


def test_the_admin_says_why_the_right_password_is_refused() -> None:
    admin, client = _superuser(), Client()
    for _attempt in range(5):
        assert _admin_login(client, admin.email, "pas-le-bon").status_code == 200

    response = _admin_login(client, admin.email, PASSWORD)

    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert not _in_admin(client)


def test_the_admin_and_the_site_share_one_budget_of_failures() -> None:
    admin = _superuser()
    site = Client()
    for _attempt in range(5):
        site.post(reverse("account_login"), {"login": admin.email, "password": "pas-le-bon"})
    client = Client()

    _admin_login(client, admin.email, PASSWORD)

    assert not _in_admin(client)


def test_a_success_does_not_use_up_the_budget() -> None:
    admin = _superuser()
    for _attempt in range(8):
        client = Client()
        _admin_login(client, admin.email, PASSWORD)
        assert _in_admin(client)


def test_too_many_admin_attempts_from_an_address_get_a_429(settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    client = Client()
    for _attempt in range(2):
        _admin_login(client, "personne@example.org", "pas-le-bon")

    response = _admin_login(client, "personne@example.org", "pas-le-bon")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Trop de tentatives" in response.content.decode()


def _login_via_proxy(client_address: str, email: str, password: str) -> Any:
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address)
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_behind_the_proxy_one_client_failing_does_not_lock_out_the_others(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXIES = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    rosa = verified_person()
    for attempt in range(3):
        _login_via_proxy("203.0.113.66", f"inconnu{attempt}@example.org", "pas-le-bon")
    assert _login_via_proxy("203.0.113.66", rosa.email, PASSWORD).status_code == 429

    response = _login_via_proxy("203.0.113.7", rosa.email, PASSWORD)

    assert response.status_code == 302


def test_without_trusted_proxies_a_forged_header_gives_no_fresh_budget(settings: Any) -> None:
    settings.TRUSTED_PROXIES = 0
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for attempt in range(3):
        _login_via_proxy(f"203.0.113.{attempt}", "inconnu@example.org", "pas-le-bon")

    response = _login_via_proxy("203.0.113.99", "inconnu@example.org", "pas-le-bon")

    assert response.status_code == 429
