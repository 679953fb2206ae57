from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Organization
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return OrganizationFactory(name="KoDeal", slug="kodeal", category="company")


@pytest.fixture
def manager(org):
    return AffiliationFactory(organization=org, is_manager=True).person


def url(org):
    return reverse("community:organization-edit", args=[org.slug])


def data(**changes):
    values = {"name": "KoDeal SAS", "category": "company", "legal_form": "sas", "siret": ""}
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("manager", 200),
        ("superuser", 200),
        ("person", 403),
        ("concierge", 403),
        ("other_concierge", 403),
        ("plain_member", 403),
    ],
)
def test_only_managers_and_admins_may_edit(login, request, org, who, status):
    if who == "plain_member":
        user = AffiliationFactory(organization=org, is_manager=False).person
    else:
        user = request.getfixturevalue(who)
    client = login(user)
    assert client.get(url(org)).status_code == status
    response = client.post(url(org), data())
    assert response.status_code == (302 if status == 200 else 403)
    assert (Organization.objects.get(pk=org.pk).name == "KoDeal SAS") == (status == 200)


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    assert client.get(url(org)).status_code == 302
    assert client.post(url(org), data()).status_code == 302


def test_the_form_is_filled_with_the_structure(login, manager, org):
    response = login(manager).get(url(org))
    assert response.context["form"].initial["name"] == "KoDeal"


def test_an_invalid_siret_is_a_field_error_and_nothing_changes(login, manager, org):
    response = login(manager).post(url(org), data(siret="12345678901234"))
    assert response.status_code == 422
    assert "siret" in response.context["form"].errors
    assert Organization.objects.get(pk=org.pk).name == "KoDeal"
    assert "KoDeal SAS" not in response.context["organization"].name


def test_a_siret_of_another_structure_is_a_field_error(login, manager, org):
    OrganizationFactory(siret="73282932000074")
    response = login(manager).post(url(org), data(siret="73282932000074"))
    assert response.status_code == 422
    assert "siret" in response.context["form"].errors


def test_an_unknown_structure_is_a_404(login, superuser):
    assert login(superuser).get("/structures/inconnue/modifier/").status_code == 404
