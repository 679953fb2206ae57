from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.community import services
from comptoir.community.exceptions import DuplicateSiret
from comptoir.community.models import Organization
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory, valid_siret
from comptoir.core.exceptions import NotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization(person):
    org = OrganizationFactory(name="Magique Animation")
    AffiliationFactory(person=person, organization=org, is_manager=True)
    return org


def test_a_manager_updates_the_structure(organization, person):
    services.organization_update(
        organization=organization, by=person, description="Ateliers", siret=valid_siret(3)
    )
    organization.refresh_from_db()
    assert organization.description == "Ateliers"
    assert organization.siret == valid_siret(3)


def test_it_keeps_its_own_siret(organization, person):
    services.organization_update(organization=organization, by=person, siret=valid_siret(3))
    services.organization_update(organization=organization, by=person, siret=valid_siret(3))


def test_a_network_admin_may_update(organization, superuser):
    services.organization_update(organization=organization, by=superuser, name="Renamed")
    assert Organization.objects.get(pk=organization.pk).name == "Renamed"


def test_a_plain_member_may_not(organization):
    member = AffiliationFactory(organization=organization, is_manager=False).person
    with pytest.raises(NotAllowed):
        services.organization_update(organization=organization, by=member, name="Hijack")


def test_a_concierge_who_is_not_a_manager_may_not(organization, concierge):
    with pytest.raises(NotAllowed):
        services.organization_update(organization=organization, by=concierge, name="Hijack")


def test_it_rejects_an_invalid_siret(organization, person):
    with pytest.raises(ValidationError) as error:
        services.organization_update(organization=organization, by=person, siret="123")
    assert "siret" in error.value.message_dict
    assert Organization.objects.get(pk=organization.pk).siret == ""


def test_it_rejects_a_siret_used_by_another_structure(organization, person):
    OrganizationFactory(siret=valid_siret(5))
    with pytest.raises(DuplicateSiret):
        services.organization_update(organization=organization, by=person, siret=valid_siret(5))
    assert Organization.objects.get(pk=organization.pk).siret == ""


def test_it_refuses_unknown_fields(organization, person):
    with pytest.raises(ValueError):
        services.organization_update(organization=organization, by=person, slug="other")
