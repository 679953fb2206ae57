"""visit_check_in: who may check whom in, when, and the concierge's audited override."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.access import services as access
from comptoir.access.tests.factories import discovery_plan
from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places.tests.factories import SpaceFactory
from comptoir.presence import services
from comptoir.presence.exceptions import (
    AlreadyCheckedIn,
    CheckInRefused,
    MissingOverrideReason,
    PlaceClosed,
)
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit

MONDAY = next_monday


def check_in(person, place, moment, by=None, **kwargs):
    return services.visit_check_in(person=person, place=place, by=by or person, at=moment, **kwargs)


def nothing_recorded(person):
    return (
        not Visit.objects.filter(person=person).exists()
        and not CoveredPeriod.objects.filter(person=person).exists()
    )


# --- Who checks in whom -----------------------------------------------------------------


@pytest.mark.django_db
def test_it_lets_a_person_check_themselves_in(place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge)
    visit = check_in(nomad, place, at(MONDAY(), 10), by=nomad)
    assert visit.checked_in_by == nomad


@pytest.mark.django_db
def test_it_lets_a_concierge_check_someone_else_in(place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge)
    visit = check_in(nomad, place, at(MONDAY(), 10), by=concierge)
    assert visit.checked_in_by == concierge


@pytest.mark.django_db
def test_it_refuses_a_member_checking_someone_else_in(place, concierge, nomad, bystander):
    book = buy_book(nomad, place=place, by=concierge)
    with pytest.raises(NotAllowed):
        check_in(nomad, place, at(MONDAY(), 10), by=bystander)
    assert access.balance(book) == 10
    assert nothing_recorded(nomad)


@pytest.mark.django_db
def test_it_refuses_the_concierge_of_another_place(place, sister_place, concierge, nomad):
    other = PersonFactory()
    PlaceRoleFactory(person=other, place=sister_place, role=Role.CONCIERGE_PERMANENT)
    buy_book(nomad, place=place, by=concierge)
    with pytest.raises(NotAllowed):
        check_in(nomad, place, at(MONDAY(), 10), by=other)


@pytest.mark.django_db
def test_it_refuses_a_space_of_another_place(place, sister_place, concierge, nomad):
    book = buy_book(nomad, place=place, by=concierge)
    with pytest.raises(NotAllowed):
        check_in(nomad, place, at(MONDAY(), 10), space=SpaceFactory(place=sister_place))
    assert access.balance(book) == 10


@pytest.mark.django_db
def test_it_records_the_space(place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge)
    space = SpaceFactory(place=place)
    assert check_in(nomad, place, at(MONDAY(), 10), space=space).space == space


# --- Opening hours ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "hour"), [(0, 8), (0, 18), (5, 10)])
def test_it_refuses_a_check_in_while_the_place_is_closed(place, concierge, nomad, days, hour):
    book = buy_book(nomad, place=place, by=concierge)
    with pytest.raises(PlaceClosed):
        check_in(nomad, place, at(MONDAY() + dt.timedelta(days=days), hour))
    assert access.balance(book) == 10
    assert nothing_recorded(nomad)


@pytest.mark.django_db
def test_it_lets_in_at_any_time_when_the_opening_hours_are_unknown(place, concierge, nomad):
    place.opening_hours = ""
    place.save()
    buy_book(nomad, place=place, by=concierge)
    saturday = MONDAY() + dt.timedelta(days=5)
    assert check_in(nomad, place, at(saturday, 21)).access == Access.TICKET


# --- Already checked in -----------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_a_second_check_in_while_the_first_is_open(place, concierge, nomad):
    book = buy_book(nomad, place=place, by=concierge)
    check_in(nomad, place, at(MONDAY(), 10))
    with pytest.raises(AlreadyCheckedIn):
        check_in(nomad, place, at(MONDAY(), 15))
    assert access.balance(book) == 9
    assert Visit.objects.filter(person=nomad).count() == 1


@pytest.mark.django_db
def test_it_closes_an_open_visit_of_an_earlier_day_at_closing_time(place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge)
    forgotten = check_in(nomad, place, at(MONDAY(), 10))
    check_in(nomad, place, at(MONDAY() + dt.timedelta(days=1), 9, 30))
    forgotten.refresh_from_db()
    assert forgotten.checked_out_at == at(MONDAY(), 18)
    assert forgotten.auto_checked_out is True


@pytest.mark.django_db
def test_it_closes_an_open_visit_in_another_place_on_arrival(place, sister_place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge, network_wide=True)
    there = check_in(nomad, place, at(MONDAY(), 10))
    here = check_in(nomad, sister_place, at(MONDAY(), 14))
    there.refresh_from_db()
    assert there.checked_out_at == at(MONDAY(), 14)
    assert there.auto_checked_out is False
    assert here.access == Access.ALREADY_COVERED


@pytest.mark.django_db
def test_it_refuses_a_check_in_at_a_moment_already_spent_here(place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge)
    visit = check_in(nomad, place, at(MONDAY(), 10))
    services.visit_check_out(visit=visit, by=nomad, at=at(MONDAY(), 16))
    with pytest.raises(AlreadyCheckedIn):
        check_in(nomad, place, at(MONDAY(), 11))
    assert Visit.objects.filter(person=nomad).count() == 1


# --- Override ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lets_a_concierge_let_someone_in_with_a_reason(place, concierge, nomad):
    visit = check_in(
        nomad, place, at(MONDAY(), 10), by=concierge, override_reason="  Paiement demain  "
    )
    assert (visit.access, visit.override_reason) == (Access.OVERRIDE, "Paiement demain")
    assert set(CoveredPeriod.objects.filter(person=nomad).values_list("half", flat=True)) == {
        Half.MORNING
    }


@pytest.mark.django_db
def test_it_audits_the_override_with_its_reason(place, concierge, nomad):
    visit = check_in(nomad, place, at(MONDAY(), 10), by=concierge, override_reason="Panne CB")
    event = AuditEvent.objects.get(verb="visit.override")
    assert (event.actor, event.place, event.target_id) == (concierge, place, str(visit.pk))
    assert event.data == {"person": nomad.pk, "access": "override", "reason": "Panne CB"}


@pytest.mark.django_db
def test_it_refuses_an_override_without_a_reason(place, concierge, nomad):
    with pytest.raises(MissingOverrideReason) as error:
        check_in(nomad, place, at(MONDAY(), 10), by=concierge, override=True, override_reason=" ")
    assert error.value.field == "override_reason"
    assert nothing_recorded(nomad)
    assert not AuditEvent.objects.filter(verb__startswith="visit.").exists()


@pytest.mark.django_db
def test_it_refuses_an_override_by_the_person_themselves(place, nomad):
    with pytest.raises(NotAllowed):
        check_in(nomad, place, at(MONDAY(), 10), by=nomad, override_reason="Je paierai")
    assert nothing_recorded(nomad)


@pytest.mark.django_db
def test_it_refuses_an_override_at_an_unattended_kiosk(place, nomad):
    with pytest.raises(NotAllowed):
        services.visit_check_in(
            person=nomad, place=place, by=None, at=at(MONDAY(), 10), override_reason="Kiosque"
        )


@pytest.mark.django_db
def test_it_lets_a_concierge_let_someone_in_while_closed(place, concierge, nomad):
    visit = check_in(nomad, place, at(MONDAY(), 19), by=concierge, override_reason="Soirée")
    assert visit.access == Access.OVERRIDE


@pytest.mark.django_db
def test_it_uses_a_valid_access_before_the_override(place, concierge, nomad):
    book = buy_book(nomad, place=place, by=concierge)
    visit = check_in(nomad, place, at(MONDAY(), 10), by=concierge, override_reason="Par sécurité")
    assert visit.access == Access.TICKET
    assert access.balance(book) == 9


@pytest.mark.django_db
def test_it_consumes_nothing_when_refused(place, concierge, nomad):
    discovery_plan(place)
    book = buy_book(nomad, place=place, by=concierge, tickets=1)
    first = check_in(nomad, place, at(MONDAY(), 10))
    services.visit_check_out(visit=first, by=nomad, at=at(MONDAY(), 11))
    with pytest.raises(CheckInRefused):
        check_in(nomad, place, at(MONDAY() + dt.timedelta(days=1), 10))
    assert access.balance(book) == 0
    assert list(Visit.objects.filter(person=nomad)) == [first]
    assert not CoveredPeriod.objects.exclude(visit=first).exists()
