"""Accounts through django-allauth: sign-up with an email code, log-in by password or by
code, password reset, log-out and the rate limit on failed log-ins."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import (
    PASSWORD,
    code_from_email,
    last_email_to,
    link_from_email,
    verified_person,
)

pytestmark = pytest.mark.django_db
Person = get_user_model()
NEW_PASSWORD = "un-autre-mot-de-passe-long"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # allauth counts rate-limit hits in the cache, which outlives a single test.
    cache.clear()


def _is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _signup(client: Client, email: str = "nouvelle@example.org", **extra: str) -> Any:
    data = {
        "email": email,
        "first_name": "Nina",
        "last_name": "Nouvelle",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_it_renders_the_account_pages_inside_the_comptoir_layout(client: Client) -> None:
    for name in (
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_request_login_code",
    ):
        response = client.get(reverse(name))

        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="skip-link"' in html
        assert 'id="language-select"' in html
        assert html.count("<h1") == 1
        assert '<main id="main"' in html


def test_it_marks_the_current_page_in_the_main_navigation(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()

    assert f'<a href="{reverse("account_login")}" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1


def test_it_renders_the_account_management_pages_inside_the_comptoir_layout(
    client: Client,
) -> None:
    client.force_login(verified_person())
    for name in ("account_email", "account_change_password", "account_logout"):
        response = client.get(reverse(name))

        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="skip-link"' in html
        assert html.count("<h1") == 1


def test_it_labels_every_field_of_the_signup_form(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()

    for field in ("email", "first_name", "last_name", "password1", "password2"):
        assert f'<label for="id_{field}">' in html


def test_it_signs_up_verifies_the_email_with_a_code_and_logs_in(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not _is_logged_in(client)
    person = Person.objects.get(email="nouvelle@example.org")
    assert person.first_name == "Nina"
    assert not EmailAddress.objects.get(user=person).verified

    page = client.get(response.url)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    message = next(m for m in mail.outbox if m.subject.startswith("[Comptoir]"))
    assert "example.com" not in message.body

    response = client.post(response.url, {"code": code_from_email(person.email)})

    assert response.status_code == 302
    assert _is_logged_in(client)
    assert EmailAddress.objects.get(user=person).verified


def test_it_sends_the_welcome_email_once_the_address_is_verified(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client, email="bienvenue@example.org")
    subjects = [m.subject for m in mail.outbox if "bienvenue@example.org" in m.to]
    assert len(subjects) == 1  # the verification code only: nobody is welcomed unverified

    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"code": code_from_email("bienvenue@example.org")})

    subjects = [m.subject for m in mail.outbox if "bienvenue@example.org" in m.to]
    assert len(subjects) == 2  # the verification code and the welcome message


def test_it_refuses_a_wrong_verification_code(client: Client) -> None:
    response = _signup(client)

    response = client.post(response.url, {"code": "AAAA-AAAA"})

    assert response.status_code == 200
    assert not _is_logged_in(client)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not EmailAddress.objects.get(email="nouvelle@example.org").verified


def test_it_does_not_create_a_second_account_for_a_known_email(client: Client) -> None:
    verified_person(email="deja@example.org")

    response = _signup(client, email="deja@example.org")

    # allauth does not reveal that the address exists; it tells its owner by email.
    assert response.status_code == 302
    assert Person.objects.filter(email="deja@example.org").count() == 1
    assert last_email_to("deja@example.org")


def test_it_rejects_a_signup_without_first_name_and_saves_nothing(client: Client) -> None:
    response = _signup(client, first_name="")

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Person.objects.filter(email="nouvelle@example.org").exists()


def test_it_logs_in_with_email_and_password(client: Client) -> None:
    person = verified_person()

    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home:home")
    assert client.session["_auth_user_id"] == str(person.pk)


def test_it_shows_an_error_for_a_wrong_password(client: Client) -> None:
    person = verified_person()

    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "pas-le-bon"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not _is_logged_in(client)


def test_it_logs_in_with_a_code_sent_by_email(client: Client) -> None:
    person = verified_person()

    response = client.post(reverse("account_request_login_code"), {"email": person.email})

    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    assert not _is_logged_in(client)

    response = client.post(response.url, {"code": code_from_email(person.email)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_it_refuses_a_wrong_login_code(client: Client) -> None:
    person = verified_person()
    response = client.post(reverse("account_request_login_code"), {"email": person.email})

    response = client.post(response.url, {"code": "ZZZZ-ZZZZ"})

    assert response.status_code == 200
    assert not _is_logged_in(client)


def test_it_resets_a_forgotten_password(client: Client) -> None:
    person = verified_person()

    response = client.post(reverse("account_reset_password"), {"email": person.email})
    assert response.status_code == 302

    response = client.get(link_from_email(person.email), follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0] if response.redirect_chain else None
    assert set_password_url
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_it_logs_out_with_a_post(client: Client) -> None:
    person = verified_person()
    client.force_login(person)

    confirm = client.get(reverse("account_logout"))
    assert confirm.status_code == 200  # a GET only asks for confirmation
    assert _is_logged_in(client)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not _is_logged_in(client)


def test_it_refuses_the_sixth_login_after_five_failures(client: Client) -> None:
    person = verified_person()
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": person.email, "password": "pas-le-bon"})
        assert response.status_code == 200
        assert "Trop de tentatives" not in response.content.decode()

    # Even the right password is refused while the limit holds.
    response = client.post(url, {"login": person.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert not _is_logged_in(client)


def test_too_many_logins_get_a_translated_429_page(client: Client, settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    data = {"login": "personne@example.org", "password": "pas-le-bon"}
    for _attempt in range(2):
        client.post(reverse("account_login"), data)

    response = client.post(reverse("account_login"), data)

    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives" in body
    assert 'id="main"' in body  # our layout, not a bare page
