from __future__ import annotations

import pytest
from django.test import Client

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community import services
from comptoir.community.models import ApiToken
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_valid_token_authenticates_its_owner(person):
    response = ApiClient(token_for(person)).get("/people/me")

    assert response.status_code == 200
    assert response.json()["id"] == person.pk
    assert ApiToken.objects.get(person=person).last_used_at is not None


def test_a_revoked_token_is_refused(person):
    secret = token_for(person)
    services.api_token_revoke(token=ApiToken.objects.get(person=person), by=person)

    assert_error(ApiClient(secret).get("/people/me"), 401, "unauthenticated")


def test_a_revoked_token_is_refused_even_on_public_reads(person, place):
    secret = token_for(person)
    services.api_token_revoke(token=ApiToken.objects.get(person=person), by=person)

    # A client sending bad credentials must learn it, not silently read as anonymous.
    assert_error(ApiClient(secret).get("/places"), 401, "unauthenticated")


def test_the_token_of_a_deactivated_person_is_refused(person):
    secret = token_for(person)
    person.is_active = False
    person.save()

    assert_error(ApiClient(secret).get("/people/me"), 401, "unauthenticated")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer not-a-token", "Token cpt_abc", "Basic dXNlcjpwYXNz", "cpt_abc"],
)
def test_a_malformed_authorization_header_is_a_401(header):
    response = Client().get("/api/v1/places", headers={"Authorization": header})

    body = assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == "Bearer"
    assert body["detail"]


def test_an_unknown_token_is_a_401():
    assert_error(ApiClient("cpt_" + "x" * 43).get("/places"), 401, "unauthenticated")


def test_writes_need_authentication(anonymous_api):
    body = assert_error(anonymous_api.patch("/people/me", {"bio": "x"}), 401, "unauthenticated")

    assert body["detail"] != "Unauthorized"


def test_the_browser_session_authenticates(member_client, person):
    response = member_client.get("/api/v1/people/me")

    assert response.status_code == 200
    assert response.json()["email"] == person.email


def test_session_writes_need_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    response = client.patch(
        "/api/v1/people/me", data='{"bio": "Bonjour"}', content_type="application/json"
    )

    assert_error(response, 403, "forbidden")
    person.refresh_from_db()
    assert person.bio == ""


def test_token_writes_need_no_csrf_token(person):
    client = Client(enforce_csrf_checks=True)

    response = ApiClient(token_for(person), client=client).patch("/people/me", {"bio": "Salut"})

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.bio == "Salut"


def test_a_token_acts_as_its_owner_only(person):
    other = PersonFactory()
    secret = token_for(other)

    assert ApiClient(secret).get("/people/me").json()["id"] == other.pk
