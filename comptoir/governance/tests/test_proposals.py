"""Proposals end to end through the services: positions, objections, closing, counting,
the register, and the refusals (twice, outside the body, after closing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.governance import exceptions as errors
from comptoir.governance.models import Position, Proposal
from comptoir.governance.selectors import decisions_register
from comptoir.governance.services.proposals import (
    close_due_proposals,
    objection_answer,
    position_take,
    proposal_close,
    proposal_decide,
    proposal_publish,
)
from comptoir.governance.tests.factories import make_body, make_proposal

pytestmark = pytest.mark.django_db


def test_a_position_is_changed_not_doubled(place):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(body, ann)
    position_take(proposal=proposal, by=bob, stance="object", reason="Trop tôt")
    position_take(proposal=proposal, by=bob, stance="agree")
    assert Position.objects.filter(proposal=proposal).count() == 1
    assert Position.objects.get(proposal=proposal).stance == "agree"


def test_outside_the_body_nobody_takes_part(place, person):
    body, (ann, *_rest) = make_body(place)
    proposal = make_proposal(body, ann)
    with pytest.raises(errors.NotABodyMember):
        position_take(proposal=proposal, by=person, stance="agree")
    with pytest.raises(errors.NotABodyMember):
        make_proposal(body, person)
    assert not Position.objects.exists()


def test_an_objection_needs_a_reason_and_a_vote_its_options(place):
    body, (ann, bob, _c) = make_body(place)
    consent = make_proposal(body, ann)
    with pytest.raises(errors.ReasonRequired):
        position_take(proposal=consent, by=bob, stance="object", reason="  ")
    with pytest.raises(errors.StanceInvalid):
        position_take(proposal=consent, by=bob, stance="vote")
    vote = make_proposal(body, ann, process="vote", options=["Oui", "Non"])
    with pytest.raises(errors.ChoicesInvalid):
        position_take(proposal=vote, by=bob, stance="vote", choices=[999])
    with pytest.raises(errors.ChoicesInvalid):
        position_take(
            proposal=vote,
            by=bob,
            stance="vote",
            choices=list(vote.options.values_list("pk", flat=True)),
        )
    with pytest.raises(errors.OptionsInvalid):
        make_proposal(body, ann, process="vote", options=["Oui"])


def test_consent_passes_once_the_objection_is_answered(place):
    body, (ann, bob, cat) = make_body(place)
    proposal = make_proposal(body, ann)
    position_take(proposal=proposal, by=bob, stance="agree")
    objection = position_take(proposal=proposal, by=cat, stance="object", reason="Le prix")
    with pytest.raises(NotAllowed):
        objection_answer(position=objection, by=bob, answer="Non")
    objection_answer(position=objection, by=ann, answer="Revu à la baisse")
    closed = proposal_close(proposal=proposal, by=ann)
    assert closed.outcome == "adopted"
    assert closed.tally["object"] == 1 and closed.tally["unanswered"] == 0


def test_an_unanswered_objection_blocks_consent(place):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(body, ann)
    position_take(proposal=proposal, by=bob, stance="object", reason="Non")
    assert proposal_close(proposal=proposal, by=ann).outcome == "rejected"


def test_no_position_after_closing_and_the_scheduler_closes_when_due(place):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(body, ann)
    later = proposal.closes_at + timedelta(seconds=1)
    with pytest.raises(errors.ProposalClosed):
        position_take(proposal=proposal, by=bob, stance="agree", now=later)
    assert close_due_proposals(now=proposal.closes_at - timedelta(seconds=1)) == 0
    assert close_due_proposals(now=later) == 1
    proposal.refresh_from_db()
    assert proposal.status == "closed"
    with pytest.raises(errors.ProposalClosed):
        position_take(proposal=proposal, by=bob, stance="agree")


def test_a_vote_with_quorum_and_majority_of_the_body(place):
    body, people = make_body(place, members=4, quorum_percent=75, majority_percent=50)
    proposal = make_proposal(body, people[0], process="vote", options=["A", "B"])
    a, b = proposal.options.all()
    position_take(proposal=proposal, by=people[0], stance="vote", choices=[a.pk])
    position_take(proposal=proposal, by=people[1], stance="vote", choices=[a.pk])
    assert proposal_close(proposal=proposal, by=people[0]).outcome == "no_quorum"
    again = make_proposal(body, people[0], process="vote", options=["A", "B"])
    a, b = again.options.all()
    for who, option in zip(people[:3], (a, a, b), strict=True):
        position_take(proposal=again, by=who, stance="vote", choices=[option.pk])
    closed = proposal_close(proposal=again, by=people[0])
    assert (closed.outcome, closed.winner_id) == ("adopted", a.pk)


def test_advice_is_decided_by_its_author_then_published_and_found(place):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(body, ann, process="advice", question="Repeindre l'atelier ?")
    position_take(proposal=proposal, by=bob, stance="object", reason="Odeur")
    proposal_close(proposal=proposal, by=ann)
    with pytest.raises(errors.NotDecidedByAdvice):
        proposal_decide(proposal=proposal, by=bob, adopted=True)
    proposal_decide(proposal=proposal, by=ann, adopted=True)
    proposal_publish(proposal=proposal, by=ann, text="Peinture à l'eau, en août.")
    found = decisions_register(body.place, query="atelier")
    assert [p.pk for p in found] == [proposal.pk]
    assert decisions_register(body.place, query="piscine").count() == 0
    assert AuditEvent.objects.filter(verb="proposal.published").count() == 1


def test_a_proposal_closes_in_the_future(place):
    body, (ann, *_r) = make_body(place)
    with pytest.raises(errors.ClosingInvalid):
        make_proposal(body, ann, closes_at=timezone.now() - timedelta(minutes=1))
    assert not Proposal.objects.exists()
