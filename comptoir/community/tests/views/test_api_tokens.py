from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community import services
from comptoir.community.models import ApiToken
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("community:api-token-create")


def revoke_url(token):
    return reverse("community:api-token-revoke", args=[token.pk])


def test_it_creates_a_token_and_shows_the_secret_once(member_client, person):
    response = member_client.post(CREATE, {"name": "Mon script"})
    assert response.status_code == 201
    token = ApiToken.objects.get(person=person)
    secret = response.context["new_secret"]
    assert secret.startswith(token.prefix)
    assert secret in response.content.decode()
    assert services.api_token_authenticate(secret=secret) == person
    again = member_client.get(reverse("community:profile")).content.decode()
    assert secret not in again
    assert "Mon script" in again
    assert token.prefix in again


def test_a_token_needs_a_name(member_client, person):
    response = member_client.post(CREATE, {"name": ""})
    assert response.status_code == 422
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_anonymous_visitors_cannot_create_tokens(client):
    response = client.post(CREATE, {"name": "x"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_creating_needs_post(member_client):
    assert member_client.get(CREATE).status_code == 405


def test_i_revoke_my_token(member_client, person):
    token, secret = services.api_token_create(person=person, name="x", by=person)
    response = member_client.post(revoke_url(token))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert services.api_token_authenticate(secret=secret) is None


def test_revoking_someone_elses_token_is_a_404(member_client):
    other = PersonFactory()
    token, _secret = services.api_token_create(person=other, name="x", by=other)
    assert member_client.post(revoke_url(token)).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_even_a_network_admin_revokes_only_their_own_tokens_here(login, superuser, person):
    token, _secret = services.api_token_create(person=person, name="x", by=person)
    assert login(superuser).post(revoke_url(token)).status_code == 404


def test_anonymous_visitors_cannot_revoke(client, person):
    token, _secret = services.api_token_create(person=person, name="x", by=person)
    assert client.post(revoke_url(token)).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoking_needs_post(member_client, person):
    token, _secret = services.api_token_create(person=person, name="x", by=person)
    assert member_client.get(revoke_url(token)).status_code == 405


def test_the_profile_lists_revoked_tokens(member_client, person):
    token, _secret = services.api_token_create(person=person, name="Ancien", by=person)
    services.api_token_revoke(token=token, by=person)
    body = member_client.get(reverse("community:profile")).content.decode()
    assert "Ancien" in body
    assert revoke_url(token) not in body
