"""50 members take positions while the proposal closes (PostgreSQL, real concurrent
transactions): the count is exactly the positions committed before closing, and none is
accepted after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.governance.models import Position, Proposal
from comptoir.governance.services.proposals import position_take, proposal_close
from comptoir.governance.tests.factories import make_body, make_proposal


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_fifty_positions_racing_the_closing(place):
    body, people = make_body(place, members=50)
    proposal = make_proposal(body, people[0], closes_at=timezone.now() + timedelta(hours=1))

    def take(person_id: int) -> Callable[[], str]:
        def job() -> str:
            position_take(
                proposal=Proposal.objects.get(pk=proposal.pk),
                by=Person.objects.get(pk=person_id),
                stance="agree",
            )
            return "taken"

        return job

    def close() -> str:
        closed = proposal_close(
            proposal=Proposal.objects.get(pk=proposal.pk), by=Person.objects.get(pk=people[0].pk)
        )
        return f"closed {closed.tally['participants']}"

    jobs = [take(p.pk) for p in people]
    jobs.insert(25, close)
    outcomes = at_once(jobs)
    taken = outcomes.count("taken")
    refused = [o for o in outcomes if "ProposalClosed" in o]
    assert taken + len(refused) == 50, outcomes
    (closing,) = [o for o in outcomes if o.startswith("closed")]
    assert closing == f"closed {taken}"
    assert Position.objects.filter(proposal_id=proposal.pk).count() == taken
    tally = Proposal.objects.get(pk=proposal.pk).tally
    assert tally["agree"] == taken
