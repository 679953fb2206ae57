"""The language switch: a GET form that remembers the language and goes back to the page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_remembers_the_language_and_goes_back(client: Client) -> None:
    response = client.get("/langue/", {"language": "en", "next": "/lieux/?q=café"})

    assert response.status_code == 302 and response["Location"] == "/lieux/?q=caf%C3%A9"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/")
    assert page["Content-Language"] == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_it_goes_home_rather_than_to_another_site(client: Client, target: str) -> None:
    response = client.get("/langue/", {"language": "fr", "next": target})

    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("code", ["de", "", "en-zz'"])
def test_an_unknown_language_is_a_400_that_changes_nothing(client: Client, code: str) -> None:
    response = client.get("/langue/", {"language": code, "next": "/"})

    assert response.status_code == 400
    assert "Langue inconnue" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_it_only_answers_get(client: Client) -> None:
    assert client.post("/langue/", {"language": "en"}).status_code == 405


def test_public_pages_carry_no_csrf_token_for_the_switch(client: Client) -> None:
    html = client.get("/").content.decode()

    assert 'class="lang-switch"' in html and 'method="get"' in html
    assert "csrfmiddlewaretoken" not in html.split('class="lang-switch"')[1].split("</form>")[0]
    assert "x-csrftoken" not in html  # htmx's header is for people logged in


def test_pages_of_people_logged_in_give_htmx_their_token(concierge_client: Client) -> None:
    html = concierge_client.get("/").content.decode()

    assert 'hx-headers=\'{"x-csrftoken": "' in html
