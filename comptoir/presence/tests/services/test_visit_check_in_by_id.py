"""visit_check_in by person_id (the kiosk API): the person is read under their row lock."""

from __future__ import annotations

import pytest

from comptoir.access import services as access
from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.presence import services
from comptoir.presence.models import Access, Visit

pytestmark = pytest.mark.django_db


def check_in_for(person_id, place, by):
    return services.visit_check_in(
        person_id=person_id, place=place, by=by, at=at(next_monday(), 10)
    )


def test_a_concierge_checks_someone_in_by_id(place, concierge, nomad):
    book = buy_book(nomad, place=place, by=concierge)

    visit = check_in_for(nomad.pk, place, concierge)

    assert visit.person == nomad and visit.person.email == nomad.email
    assert visit.access == Access.TICKET and visit.tickets_left == access.balance(book) == 9
    assert visit.checked_in_by == concierge


@pytest.mark.parametrize("who", ["unknown", "inactive"])
def test_an_unknown_or_inactive_id_is_a_field_error_and_uses_nothing(place, concierge, nomad, who):
    book = buy_book(nomad, place=place, by=concierge)
    person_id = nomad.pk if who == "inactive" else 999_999
    if who == "inactive":
        nomad.is_active = False
        nomad.save(update_fields=["is_active"])

    with pytest.raises(InvalidInput) as refused:
        check_in_for(person_id, place, concierge)

    assert refused.value.field == "person_id"
    assert access.balance(book) == 10 and not Visit.objects.exists()


def test_a_member_is_refused_before_any_lookup(place, nomad, bystander):
    # Refused the same way whether the id exists or not: ids cannot be probed.
    for person_id in (nomad.pk, 999_999):
        with pytest.raises(NotAllowed):
            check_in_for(person_id, place, bystander)
    assert not Visit.objects.exists()


def test_someone_must_be_named(place, concierge):
    with pytest.raises(InvalidInput) as refused:
        services.visit_check_in(place=place, by=concierge)

    assert refused.value.field == "person_id"
