from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Affiliation, Organization
from comptoir.community.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

URL = reverse("community:organization-create")


def data(**changes):
    values = {
        "name": "POC Foundation",
        "category": "digital",
        "legal_form": "foundation",
        "siret": "732 829 320 00074",
        "description": "",
        "website": "poc.example.org",
        "email": "",
    }
    values.update(changes)
    return values


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, data()).status_code == 302
    assert not Organization.objects.exists()


@pytest.mark.parametrize("who", ["person", "concierge", "superuser"])
def test_anyone_logged_in_sees_the_form(login, request, who):
    response = login(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 200
    assert '<label for="id_siret"' in response.content.decode()


def test_it_creates_the_structure_with_me_as_manager(member_client, person):
    response = member_client.post(URL, data())
    org = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:organization-detail", args=[org.slug])
    assert org.siret == "73282932000074"
    assert org.website == "https://poc.example.org"
    assert Affiliation.objects.get(organization=org, person=person).is_manager


@pytest.mark.parametrize("siret", ["73282932000075", "123", "7328293200007A"])
def test_an_invalid_siret_is_a_field_error_and_nothing_is_saved(member_client, siret):
    response = member_client.post(URL, data(siret=siret))
    assert response.status_code == 422
    assert "siret" in response.context["form"].errors
    assert not Organization.objects.exists()


def test_a_duplicate_siret_is_a_field_error(member_client):
    OrganizationFactory(siret="73282932000074")
    response = member_client.post(URL, data())
    assert response.status_code == 422
    assert "siret" in response.context["form"].errors
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("category", "space"), ("website", "not a url"), ("email", "nope")],
)
def test_bad_fields_are_field_errors(member_client, field, value):
    response = member_client.post(URL, data(**{field: value}))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not Organization.objects.exists()
