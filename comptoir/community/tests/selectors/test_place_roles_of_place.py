from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.community import selectors
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

pytestmark = pytest.mark.django_db


def test_it_lists_current_roles_filtered_by_role_and_search(place, other_place):
    lea = PlaceRoleFactory(
        place=place, role=Role.NOMAD, person=PersonFactory(first_name="Léa", email="lea@x.org")
    )
    PlaceRoleFactory(place=place, role=Role.RESIDENT, person=PersonFactory(first_name="Marc"))
    PlaceRoleFactory(place=other_place, role=Role.NOMAD)
    PlaceRoleFactory(
        place=place, role=Role.NOMAD, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert selectors.place_roles_of_place(place_id=place.pk).count() == 2
    assert list(selectors.place_roles_of_place(place_id=place.pk, role=Role.NOMAD)) == [lea]
    assert list(selectors.place_roles_of_place(place_id=place.pk, query="lea@")) == [lea]
    assert list(selectors.place_roles_of_place(place_id=place.pk, query="léa")) == [lea]
