"""The error pages (issue 14): styled, in French by default and in English, with a way back,
with the right status; /api/ keeps its JSON errors; the 500 page needs no database."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from comptoir.community.tests.factories import PersonFactory
from comptoir.home import errors
from comptoir.places.tests.factories import PlaceFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _home_link(html: str) -> bool:
    return 'href="/"' in html


@pytest.mark.django_db
def test_a_missing_page_is_a_styled_french_404_with_a_way_home():
    response = Client().get("/nulle-part/")
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert "Page introuvable" in html and "Retour à l'accueil" in html
    assert _home_link(html) and 'class="site-header"' in html and '<html lang="fr">' in html


@pytest.mark.django_db
def test_the_404_page_is_in_english_for_english_readers():
    response = Client().get("/nowhere/", **EN)
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert "Page not found" in html and "Back to the home page" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_the_404_page_leads_back_to_the_place_and_the_previous_page():
    place = PlaceFactory()
    previous = f"http://testserver{place.get_absolute_url()}"
    response = Client().get(f"/lieux/{place.slug}/rien-ici/", HTTP_REFERER=previous)
    assert response.status_code == 404
    html = unescape(response.content.decode())
    assert f'href="{place.get_absolute_url()}"' in html and f"Retour à {place.name}" in html
    assert f'href="{previous}"' in html and "Retour à la page précédente" in html


@pytest.mark.django_db
def test_the_404_page_never_links_back_to_another_site():
    response = Client().get("/nulle-part/", HTTP_REFERER="https://evil.example/page")
    assert "evil.example" not in unescape(response.content.decode())
    assert "page précédente" not in unescape(response.content.decode())


@pytest.mark.django_db
def test_a_refused_page_is_a_styled_403_in_both_languages():
    place = PlaceFactory()
    client = Client()
    client.force_login(PersonFactory())
    edit = reverse("places:place-edit", args=[place.slug])
    response = client.get(edit)
    assert response.status_code == 403
    html = unescape(response.content.decode())
    assert "Accès refusé" in html and _home_link(html)
    assert f'href="{place.get_absolute_url()}"' in html
    english = client.get(edit, **EN)
    assert english.status_code == 403 and "Access refused" in unescape(english.content.decode())


@pytest.mark.django_db
def test_an_anonymous_403_offers_to_log_in():
    request = RequestFactory().get("/lieux/ailleurs/modifier/")
    request.user = AnonymousUser()
    response = errors.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "/comptes/login/?next=/lieux/ailleurs/modifier/" in unescape(response.content.decode())


@pytest.mark.django_db
def test_an_expired_form_is_a_styled_403_saying_nothing_was_saved():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@b.c", "password": "x"})
    assert response.status_code == 403
    html = unescape(response.content.decode())
    assert "Formulaire expiré" in html and "Rien n’a été enregistré" in html
    assert _home_link(html)
    english = client.post(reverse("account_login"), {"login": "a@b.c"}, **EN)
    assert "Form expired" in unescape(english.content.decode())


@pytest.mark.django_db
def test_a_request_for_another_host_is_a_styled_400():
    response = Client(HTTP_HOST="evil.example").get("/", HTTP_REFERER="http://evil.example/")
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Requête incomprise" in html and _home_link(html)


def test_the_500_page_needs_no_database(settings: Any):
    """No django_db mark: any query would fail the test."""
    settings.ROOT_URLCONF = "comptoir.home.tests.errors.boom_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = unescape(response.content.decode())
    assert "Une erreur est survenue" in html and _home_link(html)
    english = client.get("/boom/", **EN)
    assert english.status_code == 500
    assert "Something went wrong" in unescape(english.content.decode())


def broken_context_processor(request: Any) -> dict[str, Any]:
    raise RuntimeError("a context processor failed")


def test_the_500_page_shows_when_a_context_processor_fails(settings: Any):
    settings.ROOT_URLCONF = "comptoir.home.tests.errors.boom_urls"
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    f"{__name__}.broken_context_processor",
                ],
            },
        }
    ]
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in unescape(response.content.decode())


def test_the_api_keeps_its_json_errors(settings: Any):
    settings.ROOT_URLCONF = "comptoir.home.tests.errors.boom_urls"
    response = Client(raise_request_exception=False).get("/api/boom/")
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
    request = RequestFactory().get("/api/v1/places/x")
    for view, status in [
        (errors.bad_request, 400),
        (errors.permission_denied, 403),
        (errors.page_not_found, 404),
        (errors.csrf_failure, 403),
    ]:
        answer = view(request)
        assert answer.status_code == status
        assert answer["Content-Type"] == "application/json"
