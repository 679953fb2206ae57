from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.community import permissions, services
from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_it_ends_a_role_yesterday_so_it_no_longer_counts(concierge, place):
    place_role = PlaceRoleFactory(place=place, role=Role.NOMAD, valid_from=ago(30))
    person = place_role.person
    assert permissions.is_member(person, place.pk)
    services.place_role_end(place_role=place_role, by=concierge)
    place_role.refresh_from_db()
    assert place_role.valid_until == ago(1)
    assert not PlaceRole.objects.current().filter(pk=place_role.pk).exists()
    assert AuditEvent.objects.filter(verb="role.ended", actor=concierge).exists()


def test_it_ends_on_a_given_day(concierge, place):
    place_role = PlaceRoleFactory(place=place, valid_from=ago(30))
    services.place_role_end(place_role=place_role, by=concierge, on=ago(-10))
    assert PlaceRole.objects.get(pk=place_role.pk).valid_until == ago(-10)


def test_a_role_that_starts_today_is_withdrawn(concierge, place):
    place_role = PlaceRoleFactory(place=place, valid_from=timezone.localdate())
    services.place_role_end(place_role=place_role, by=concierge)
    assert not PlaceRole.objects.filter(pk=place_role.pk).exists()
    assert AuditEvent.objects.filter(verb="role.withdrawn").exists()


def test_ending_an_ended_role_does_not_extend_it(concierge, place):
    place_role = PlaceRoleFactory(place=place, valid_from=ago(60), valid_until=ago(20))
    services.place_role_end(place_role=place_role, by=concierge)
    assert PlaceRole.objects.get(pk=place_role.pk).valid_until == ago(20)


def test_it_shortens_a_role_that_ends_later(concierge, place):
    place_role = PlaceRoleFactory(place=place, valid_from=ago(60), valid_until=ago(-20))
    services.place_role_end(place_role=place_role, by=concierge)
    assert PlaceRole.objects.get(pk=place_role.pk).valid_until == ago(1)


def test_a_member_may_not_end_roles(person, place):
    PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
    place_role = PlaceRoleFactory(place=place, valid_from=ago(30))
    with pytest.raises(NotAllowed):
        services.place_role_end(place_role=place_role, by=person)
    assert PlaceRole.objects.get(pk=place_role.pk).valid_until is None


def test_a_concierge_of_another_place_may_not(other_concierge, place):
    place_role = PlaceRoleFactory(place=place, valid_from=ago(30))
    with pytest.raises(NotAllowed):
        services.place_role_end(place_role=place_role, by=other_concierge)


def test_an_occasional_concierge_may_not_end_a_concierge_role(
    occasional_concierge, concierge, place
):
    place_role = PlaceRole.objects.get(person=concierge, place=place)
    with pytest.raises(NotAllowed):
        services.place_role_end(place_role=place_role, by=occasional_concierge)
    assert PlaceRole.objects.get(pk=place_role.pk).valid_until is None
