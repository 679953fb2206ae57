"""Two redemptions of one associate's shares at once (PostgreSQL, real concurrent
transactions): one passes, the other is told the shares are not there; the holding never
goes below zero and the movements are numbered without a gap."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.community.models import Person
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.tests.races import at_once
from comptoir.membership import services
from comptoir.membership.models import Associate, ShareMovement
from comptoir.membership.tests.factories import make_association, make_treasurer
from comptoir.places.models import Place


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_redemptions_at_once_never_take_more_than_held(place):
    treasurer = make_treasurer(place)
    make_association(place, treasurer, cooperative=True)
    alice = PersonFactory()
    services.shares_subscribe(
        place=place,
        person=alice,
        category="employees",
        shares=5,
        paid_cents=25000,
        by=treasurer,
    )
    holder = Associate.objects.get(person=alice)

    def redeem() -> Callable[[], str]:
        def job() -> str:
            movement = services.shares_redeem(
                place=Place.objects.get(pk=place.pk),
                associate=Associate.objects.get(pk=holder.pk),
                shares=3,
                by=Person.objects.get(pk=treasurer.pk),
            )
            return f"movement {movement.number}"

        return job

    outcomes = at_once([redeem(), redeem()])
    done = [o for o in outcomes if o.startswith("movement")]
    assert len(done) == 1, outcomes
    assert all("NotEnoughShares" in o for o in outcomes if o not in done), outcomes
    holder.refresh_from_db()
    assert holder.shares_held == 2
    assert list(ShareMovement.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
    ]
