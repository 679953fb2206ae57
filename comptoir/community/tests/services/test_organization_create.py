from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.community import services
from comptoir.community.exceptions import DuplicateSiret
from comptoir.community.models import Affiliation, Organization
from comptoir.community.tests.factories import OrganizationFactory, valid_siret
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"


def test_it_creates_a_structure_managed_by_its_creator(person):
    org = services.organization_create(
        name="  Zoomacom ",
        category=Organization.Category.DIGITAL,
        siret="732 829 320 00074",
        by=person,
    )
    assert org.name == "Zoomacom"
    assert org.slug == "zoomacom"
    assert org.siret == SIRET
    assert Affiliation.objects.get(organization=org).person == person
    assert Affiliation.objects.get(organization=org).is_manager
    assert AuditEvent.objects.filter(verb="organization.created", actor=person).exists()


def test_it_gives_a_unique_slug(person):
    OrganizationFactory(name="OpenScop", slug="openscop")
    org = services.organization_create(name="OpenScop", category="sse", by=person)
    assert org.slug == "openscop-2"


def test_it_never_takes_the_creation_page_slug(person):
    org = services.organization_create(name="Nouvelle", category="culture", by=person)
    assert org.slug == "nouvelle-2"


def test_it_accepts_no_siret(person):
    services.organization_create(name="A", category="culture", by=person)
    services.organization_create(name="B", category="culture", by=person)
    assert Organization.objects.filter(siret="").count() == 2


def test_it_rejects_an_invalid_siret_and_saves_nothing(person):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            name="Karma", category="company", siret="73282932000075", by=person
        )
    assert "siret" in error.value.message_dict
    assert not Organization.objects.exists()
    assert not Affiliation.objects.exists()


def test_it_rejects_a_duplicate_siret_on_the_siret_field(person):
    OrganizationFactory(siret=SIRET)
    with pytest.raises(DuplicateSiret) as error:
        services.organization_create(name="Copy", category="company", siret=SIRET, by=person)
    assert error.value.field == "siret"
    assert Organization.objects.count() == 1


def test_it_rejects_an_unknown_category(person):
    with pytest.raises(ValidationError) as error:
        services.organization_create(name="X", category="space_travel", by=person)
    assert "category" in error.value.message_dict


def test_it_refuses_an_anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.organization_create(name="X", category="culture", by=AnonymousUser())


def test_it_can_name_another_manager(superuser, person):
    org = services.organization_create(
        name="KoDeal", category="company", by=superuser, manager=person, siret=valid_siret(7)
    )
    assert list(org.affiliations.values_list("person", flat=True)) == [person.pk]
