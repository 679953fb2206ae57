from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comptoir.community import selectors
from comptoir.community.models import Organization, Role, Visibility
from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
)
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_category_counts_skip_empty_categories():
    OrganizationFactory.create_batch(2, category=Organization.Category.CULTURE)
    OrganizationFactory(category=Organization.Category.SSE)
    counts = {code: n for code, _label, n in selectors.organization_category_counts()}
    assert counts == {"culture": 2, "sse": 1}


def test_structures_filter_by_category_and_name():
    zoo = OrganizationFactory(name="Zoomacom", category="digital")
    OrganizationFactory(name="Zoo culturel", category="culture")
    OrganizationFactory(name="Karma", category="digital")
    assert list(selectors.organizations_by_category(category="digital", query="zoo")) == [zoo]


def test_members_are_filtered_by_directory_visibility(person):
    org = OrganizationFactory()
    public = AffiliationFactory(
        organization=org, person=PersonFactory(directory_visibility=Visibility.PUBLIC)
    )
    members = AffiliationFactory(
        organization=org, person=PersonFactory(directory_visibility=Visibility.MEMBERS)
    )
    AffiliationFactory(organization=org, person=PersonFactory(directory_visibility="hidden"))
    anonymous = selectors.organization_affiliations_visible(user=AnonymousUser(), organization=org)
    assert anonymous == [public]
    member_view = selectors.organization_affiliations_visible(user=person, organization=org)
    assert set(member_view) == {public, members}


def test_resident_places_are_the_current_resident_roles_only():
    org = OrganizationFactory()
    here, former, elsewhere = PlaceFactory(name="A"), PlaceFactory(name="B"), PlaceFactory(name="C")
    PlaceRoleFactory(place=here, role=Role.RESIDENT, organization=org)
    PlaceRoleFactory(place=here, role=Role.RESIDENT, organization=org)  # two people, one place
    PlaceRoleFactory(
        place=former,
        role=Role.RESIDENT,
        organization=org,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    PlaceRoleFactory(place=elsewhere, role=Role.NOMAD, organization=org)
    assert selectors.organization_resident_places(organization=org) == [here]


def test_organization_lookup_by_slug_or_name():
    org = OrganizationFactory(name="OpenScop", slug="openscop")
    assert selectors.organization_get_by_slug_or_name(value="openscop") == org
    assert selectors.organization_get_by_slug_or_name(value=" OPENSCOP ") == org
    assert selectors.organization_get_by_slug_or_name(value="nope") is None
    assert selectors.organization_get_by_slug_or_name(value="") is None
