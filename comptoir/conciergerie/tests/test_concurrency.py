"""Two concierges take one request at the same moment (PostgreSQL, two real concurrent
transactions): one owner, the other told it is taken."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.community.models import Person
from comptoir.conciergerie.models import Request
from comptoir.conciergerie.services import request_move
from comptoir.conciergerie.tests.factories import make_request, make_service
from comptoir.core.tests.races import at_once


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_concierges_taking_one_request_at_once_make_one_owner(
    place, concierge, occasional_concierge, nomad
):
    request = make_request(make_service(place, name="Impressions"), nomad)

    def take(who: Person) -> Callable[[], str]:
        def job() -> str:
            taken = request_move(
                request=Request.objects.get(pk=request.pk),
                to="taken",
                by=Person.objects.get(pk=who.pk),
            )
            return f"taken by {taken.assignee_id}"

        return job

    outcomes = at_once([take(concierge), take(occasional_concierge)])
    won = [o for o in outcomes if o.startswith("taken")]
    assert len(won) == 1, outcomes
    assert all("AlreadyTaken" in o for o in outcomes if o not in won), outcomes
    request.refresh_from_db()
    assert request.status == "taken"
    assert won == [f"taken by {request.assignee_id}"]
