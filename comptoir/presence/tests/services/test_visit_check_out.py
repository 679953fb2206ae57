"""visit_check_out, and the automatic checkout at closing time."""

from __future__ import annotations

import datetime as dt

import pytest

from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.presence import services
from comptoir.presence.exceptions import NotCheckedIn
from comptoir.presence.models import Visit

MONDAY = next_monday


@pytest.fixture
def visit(place, concierge, nomad):
    buy_book(nomad, place=place, by=concierge)
    return services.visit_check_in(person=nomad, place=place, by=nomad, at=at(MONDAY(), 10))


@pytest.mark.django_db
def test_it_checks_a_person_out(visit, nomad):
    services.visit_check_out(visit=visit, by=nomad, at=at(MONDAY(), 16))
    visit.refresh_from_db()
    assert visit.checked_out_at == at(MONDAY(), 16)
    assert visit.auto_checked_out is False


@pytest.mark.django_db
def test_it_lets_a_concierge_check_someone_out(visit, concierge):
    services.visit_check_out(visit=visit, by=concierge, at=at(MONDAY(), 16))
    event = AuditEvent.objects.get(verb="visit.checked_out")
    assert (event.actor, event.target_id) == (concierge, str(visit.pk))


@pytest.mark.django_db
def test_it_refuses_a_checkout_by_someone_else(visit, bystander):
    with pytest.raises(NotAllowed):
        services.visit_check_out(visit=visit, by=bystander, at=at(MONDAY(), 16))
    visit.refresh_from_db()
    assert visit.checked_out_at is None


@pytest.mark.django_db
def test_it_refuses_to_check_out_twice(visit, nomad):
    services.visit_check_out(visit=visit, by=nomad, at=at(MONDAY(), 16))
    with pytest.raises(NotCheckedIn):
        services.visit_check_out(visit=visit, by=nomad, at=at(MONDAY(), 17))


@pytest.mark.django_db
def test_it_never_checks_out_before_the_check_in(visit, nomad):
    services.visit_check_out(visit=visit, by=nomad, at=at(MONDAY(), 8))
    visit.refresh_from_db()
    assert visit.checked_out_at == visit.checked_in_at


@pytest.mark.django_db
def test_it_knows_when_the_place_closes_after_a_check_in(visit):
    assert services.closing_time(visit) == at(MONDAY(), 18)


@pytest.mark.django_db
def test_it_ends_a_visit_begun_while_closed_at_the_end_of_the_day(place, concierge, nomad):
    late = services.visit_check_in(
        person=nomad, place=place, by=concierge, at=at(MONDAY(), 19), override_reason="Soirée"
    )
    assert services.closing_time(late) == at(MONDAY(), 23, 59)


@pytest.mark.django_db
def test_it_checks_everyone_out_at_closing_time(visit):
    assert services.visits_auto_check_out(now=at(MONDAY(), 18, 5)) == 1
    visit.refresh_from_db()
    assert visit.checked_out_at == at(MONDAY(), 18)
    assert visit.auto_checked_out is True


@pytest.mark.django_db
def test_it_leaves_the_visits_open_before_closing_time(visit):
    assert services.visits_auto_check_out(now=at(MONDAY(), 17, 59)) == 0
    assert Visit.objects.open().get() == visit


@pytest.mark.django_db
def test_it_leaves_the_visits_already_over_alone(visit, nomad):
    services.visit_check_out(visit=visit, by=nomad, at=at(MONDAY(), 12))
    assert services.visits_auto_check_out(now=at(MONDAY(), 19)) == 0
    visit.refresh_from_db()
    assert (visit.checked_out_at, visit.auto_checked_out) == (at(MONDAY(), 12), False)


@pytest.mark.django_db
def test_it_checks_out_a_visit_forgotten_days_ago(visit):
    assert services.visits_auto_check_out(now=at(MONDAY() + dt.timedelta(days=3), 9)) == 1
    visit.refresh_from_db()
    assert visit.checked_out_at == at(MONDAY(), 18)


@pytest.mark.django_db
def test_it_checks_out_each_visit_once(visit):
    services.visits_auto_check_out(now=at(MONDAY(), 19))
    assert services.visits_auto_check_out(now=at(MONDAY(), 20)) == 0
