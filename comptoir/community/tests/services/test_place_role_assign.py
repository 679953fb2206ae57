from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from comptoir.community import permissions, services
from comptoir.community.exceptions import InvalidPeriod, RoleOverlap
from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import OrganizationFactory, PlaceRoleFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 3, 10)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def assign(person, place, by, role=Role.NOMAD, start=0, end=None, **extra):
    return services.place_role_assign(
        person=person,
        place=place,
        role=role,
        by=by,
        valid_from=day(start),
        valid_until=None if end is None else day(end),
        **extra,
    )


def test_a_concierge_gives_a_role_and_it_is_audited(concierge, person, place):
    place_role = assign(person, place, concierge, end=30, note="Carnet de 10")
    assert (place_role.person, place_role.place, place_role.role) == (person, place, "nomad")
    event = AuditEvent.objects.get(verb="role.assigned")
    assert event.actor == concierge
    assert event.place == place
    assert event.data["role"] == "nomad"


def test_it_starts_today_by_default(concierge, person, place):
    place_role = services.place_role_assign(
        person=person, place=place, role=Role.TRAVELLER, by=concierge
    )
    assert place_role.valid_from == timezone.localdate()
    assert place_role.valid_until is None


def test_a_resident_role_may_name_its_structure(concierge, person, place):
    org = OrganizationFactory()
    place_role = assign(person, place, concierge, role=Role.RESIDENT, organization=org)
    assert place_role.organization == org


def test_the_new_role_counts_at_once_for_the_person(concierge, person, place):
    assert not permissions.is_member(person, place.pk)  # caches "no role"
    services.place_role_assign(person=person, place=place, role=Role.NOMAD, by=concierge)
    assert permissions.is_member(person, place.pk)


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ((0, 10), (5, 15)),  # overlaps the end
        ((5, 15), (0, 10)),  # overlaps the start
        ((0, 10), (2, 3)),  # inside
        ((2, 3), (0, 10)),  # around
        ((0, 10), (10, 20)),  # bounds are inclusive: the same last/first day
        ((0, None), (100, 200)),  # existing open-ended
        ((50, 60), (0, None)),  # new open-ended reaches a later period
        ((0, None), (-30, None)),  # both open-ended
        ((0, 0), (0, 0)),  # the same single day
    ],
)
def test_it_refuses_an_overlapping_period_of_the_same_role(concierge, person, place, existing, new):
    PlaceRoleFactory(
        person=person,
        place=place,
        role=Role.NOMAD,
        valid_from=day(existing[0]),
        valid_until=None if existing[1] is None else day(existing[1]),
    )
    with pytest.raises(RoleOverlap) as error:
        assign(person, place, concierge, start=new[0], end=new[1])
    assert error.value.field == "valid_from"
    assert PlaceRole.objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ((0, 10), (11, 20)),  # the next day
        ((11, 20), (0, 10)),  # the day before
        ((50, None), (0, 49)),  # before an open-ended period
    ],
)
def test_it_accepts_adjacent_periods(concierge, person, place, existing, new):
    PlaceRoleFactory(
        person=person,
        place=place,
        role=Role.NOMAD,
        valid_from=day(existing[0]),
        valid_until=None if existing[1] is None else day(existing[1]),
    )
    assign(person, place, concierge, start=new[0], end=new[1])
    assert PlaceRole.objects.filter(person=person).count() == 2


def test_the_same_period_is_fine_for_another_role_or_another_place(
    concierge, superuser, person, place, other_place
):
    assign(person, place, concierge, role=Role.NOMAD)
    assign(person, place, concierge, role=Role.RESIDENT)
    assign(person, other_place, superuser, role=Role.NOMAD)
    assert PlaceRole.objects.filter(person=person).count() == 3


def test_it_refuses_an_end_before_the_start(concierge, person, place):
    with pytest.raises(InvalidPeriod) as error:
        assign(person, place, concierge, start=10, end=9)
    assert error.value.field == "valid_until"
    assert not PlaceRole.objects.filter(person=person).exists()


def test_a_member_may_not_give_roles(person, place):
    nomad = PlaceRoleFactory(place=place, role=Role.NOMAD).person
    with pytest.raises(NotAllowed):
        assign(person, place, nomad)
    assert not PlaceRole.objects.filter(person=person).exists()


def test_a_concierge_of_another_place_may_not(other_concierge, person, place):
    with pytest.raises(NotAllowed):
        assign(person, place, other_concierge)


@pytest.mark.parametrize("role", [Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL])
def test_an_occasional_concierge_may_not_make_concierges(occasional_concierge, person, place, role):
    with pytest.raises(NotAllowed):
        assign(person, place, occasional_concierge, role=role)
    assert not PlaceRole.objects.filter(person=person).exists()


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.NOMAD, Role.TRAVELLER])
def test_an_occasional_concierge_may_give_member_roles(occasional_concierge, person, place, role):
    assign(person, place, occasional_concierge, role=role)


def test_a_permanent_concierge_may_make_concierges(concierge, person, place):
    assign(person, place, concierge, role=Role.CONCIERGE_OCCASIONAL)


def test_an_ended_concierge_role_gives_no_right(person, place):
    former = PlaceRoleFactory(
        place=place,
        role=Role.CONCIERGE_PERMANENT,
        valid_from=timezone.localdate() - datetime.timedelta(days=90),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    ).person
    with pytest.raises(NotAllowed):
        assign(person, place, former)
