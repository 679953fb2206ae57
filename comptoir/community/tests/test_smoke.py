from __future__ import annotations

import pytest

from comptoir.community import permissions
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory


@pytest.mark.django_db
def test_a_concierge_may_assign_roles_in_their_place_only(concierge, place):
    from comptoir.places.tests.factories import PlaceFactory

    other = PlaceFactory()
    assert permissions.can_assign_role(concierge, place.pk, Role.NOMAD)
    assert not permissions.can_assign_role(concierge, other.pk, Role.NOMAD)
    assert not permissions.can_assign_role(PersonFactory(), place.pk, Role.NOMAD)
