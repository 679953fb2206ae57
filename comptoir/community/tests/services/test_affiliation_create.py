from __future__ import annotations

import pytest

from comptoir.community import services
from comptoir.community.models import Affiliation
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)
from comptoir.core.exceptions import NotAllowed

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_member(person):
    org = OrganizationFactory()
    AffiliationFactory(person=person, organization=org, is_manager=True)
    newcomer = PersonFactory()
    affiliation = services.affiliation_create(
        person=newcomer, organization=org, by=person, title="Développeuse"
    )
    assert affiliation.title == "Développeuse"
    assert not affiliation.is_manager


def test_it_updates_an_existing_affiliation_instead_of_duplicating(person, superuser):
    org = OrganizationFactory()
    services.affiliation_create(person=person, organization=org, by=superuser, title="A")
    services.affiliation_create(
        person=person, organization=org, by=superuser, title="B", is_manager=True
    )
    affiliation = Affiliation.objects.get(person=person, organization=org)
    assert (affiliation.title, affiliation.is_manager) == ("B", True)


def test_a_concierge_may_affiliate_people(concierge, person):
    org = OrganizationFactory()
    services.affiliation_create(person=person, organization=org, by=concierge)
    assert Affiliation.objects.filter(person=person, organization=org).exists()


def test_a_plain_member_may_not(person):
    org = OrganizationFactory()
    with pytest.raises(NotAllowed):
        services.affiliation_create(person=person, organization=org, by=person)
    assert not Affiliation.objects.exists()
