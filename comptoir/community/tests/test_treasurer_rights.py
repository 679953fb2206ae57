"""The treasurer (Trésorier·e) of a place keeps the accounts of its legal entity: closes its
periods and exports its FEC. Only the place's treasurers and the network admins may; not its
concierges, nor a treasurer of another place; a treasurer sells nothing for holding the
role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from comptoir.community import permissions
from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_the_role_reads_in_french():
    with translation.override("fr"):
        assert PlaceRole(role=Role.TREASURER).get_role_display() == "Trésorier·e"


def test_only_the_place_s_treasurers_and_the_admins_keep_its_accounts(place, concierge):
    treasurer = PersonFactory()
    PlaceRoleFactory(person=treasurer, place=place, role=Role.TREASURER)
    elsewhere = PersonFactory()
    PlaceRoleFactory(person=elsewhere, place=PlaceFactory(), role=Role.TREASURER)
    admin = PersonFactory(is_superuser=True)
    assert permissions.can_keep_accounts(treasurer, place.pk)
    assert permissions.can_keep_accounts(admin, place.pk)
    assert not permissions.can_keep_accounts(concierge, place.pk)
    assert not permissions.can_keep_accounts(elsewhere, place.pk)
    assert not permissions.can_keep_accounts(PersonFactory(), place.pk)
    # Holding the role makes one a member of the place, not one of its desk.
    assert permissions.is_member(treasurer, place.pk)
    assert not permissions.can_sell(treasurer, place.pk)


def test_an_ended_treasurer_role_keeps_nothing(place):
    former = PersonFactory()
    today = timezone.localdate()
    PlaceRoleFactory(
        person=former,
        place=place,
        role=Role.TREASURER,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
    )
    assert not permissions.can_keep_accounts(former, place.pk)


def test_a_permanent_concierge_may_name_a_treasurer_an_occasional_one_may_not(place):
    permanent, occasional = PersonFactory(), PersonFactory()
    PlaceRoleFactory(person=permanent, place=place, role=Role.CONCIERGE_PERMANENT)
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)
    assert permissions.can_assign_role(permanent, place.pk, Role.TREASURER)
    assert not permissions.can_assign_role(occasional, place.pk, Role.TREASURER)
