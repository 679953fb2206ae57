"""Twenty people reserving one Give Box object at once (PostgreSQL, real concurrent
transactions): one holds it, the others are told it is taken."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.core.tests.races import at_once
from comptoir.givebox import services
from comptoir.givebox.models import Gift
from comptoir.givebox.tests.factories import make_gift

ATTEMPTS = 20


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_reservations_of_one_object_make_one(place):
    gift = make_gift(place)

    def attempt(n: int) -> Callable[[], str]:
        def job() -> str:
            held = services.gift_reserve(
                gift=Gift.objects.get(pk=gift.pk), name=f"Voisin {n}", by=None
            )
            return f"held by {held.reserved_by}"

        return job

    outcomes = at_once([attempt(n) for n in range(ATTEMPTS)])
    made = [o for o in outcomes if o.startswith("held")]
    assert len(made) == 1, outcomes
    assert all("GiftUnavailable" in o for o in outcomes if o not in made), outcomes
    gift.refresh_from_db()
    assert made == [f"held by {gift.reserved_by}"]
