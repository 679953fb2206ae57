"""Decisions wired to the rules they change: checked when written, applied on their date
through the owning app's service with a link to the decision, nothing when rejected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from comptoir.access.models import Plan
from comptoir.access.tests.factories import discovery_plan, ticket_book_plan
from comptoir.bookings.models import Resource
from comptoir.community.models import PlaceRole
from comptoir.core.models import AuditEvent
from comptoir.governance import exceptions as errors
from comptoir.governance.models import Change, Proposal
from comptoir.governance.services.apply import changes_apply_due
from comptoir.governance.services.proposals import position_take, proposal_close
from comptoir.governance.tests.factories import make_body, make_proposal
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _price_change(plan: Plan, cents: object, **extra: object) -> dict[str, object]:
    return {"kind": "plan_price", "target": plan.pk, "value": cents, **extra}


def test_an_adopted_price_applies_on_its_date_with_a_link_to_the_decision(place):
    body, (ann, bob, _c) = make_body(place)
    plan = ticket_book_plan(place, price_cents=9000)
    in_ten_days = timezone.localdate() + timedelta(days=10)
    proposal = make_proposal(
        body, ann, changes=[_price_change(plan, 8000, effective_on=in_ten_days)]
    )
    position_take(proposal=proposal, by=bob, stance="agree")
    proposal_close(proposal=proposal, by=ann)
    change = Change.objects.get()
    assert change.status == "scheduled" and change.previous == 9000
    assert changes_apply_due(today=in_ten_days - timedelta(days=1)) == 0
    plan.refresh_from_db()
    assert plan.price_cents == 9000
    assert changes_apply_due(today=in_ten_days) == 1
    plan.refresh_from_db()
    assert plan.price_cents == 8000
    owner_row = AuditEvent.objects.get(verb="plan.updated", target_id=str(plan.pk))
    assert owner_row.data["decision"] == proposal.pk
    assert AuditEvent.objects.filter(verb="decision_change.applied").get().data["decision"] == (
        proposal.pk
    )
    assert changes_apply_due(today=in_ten_days) == 0  # once


def test_a_date_already_reached_applies_at_the_decision(place):
    body, (ann, bob, _c) = make_body(place)
    resource = Resource.objects.create(place=place, name="Salle", slug="salle", kind="room")
    proposal = make_proposal(
        body,
        ann,
        changes=[
            {
                "kind": "booking_rule",
                "target": resource.pk,
                "value": {"rule": "max_minutes", "value": 180},
            },
            {"kind": "opening_hours", "target": place.pk, "value": "Mo-Fr 08:00-20:00"},
        ],
    )
    position_take(proposal=proposal, by=bob, stance="agree")
    proposal_close(proposal=proposal, by=ann)
    resource.refresh_from_db()
    place.refresh_from_db()
    assert resource.max_minutes == 180
    assert place.opening_hours == "Mo-Fr 08:00-20:00"
    assert set(Change.objects.values_list("status", flat=True)) == {"applied"}


def test_a_role_given_by_decision(place, person):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(
        body,
        ann,
        changes=[
            {"kind": "role", "target": place.pk, "value": {"person": person.pk, "role": "resident"}}
        ],
    )
    position_take(proposal=proposal, by=bob, stance="agree")
    proposal_close(proposal=proposal, by=ann)
    role = PlaceRole.objects.get(person=person, place=place)
    assert role.role == "resident" and str(proposal.pk) in role.note


def test_rejected_nothing_changes(place):
    body, (ann, bob, _c) = make_body(place)
    plan = ticket_book_plan(place, price_cents=9000)
    proposal = make_proposal(body, ann, changes=[_price_change(plan, 1)])
    position_take(proposal=proposal, by=bob, stance="object", reason="Trop bas")
    assert proposal_close(proposal=proposal, by=ann).outcome == Proposal.Outcome.REJECTED
    assert changes_apply_due(today=timezone.localdate() + timedelta(days=400)) == 0
    plan.refresh_from_db()
    assert plan.price_cents == 9000
    assert Change.objects.get().status == "cancelled"


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ({"kind": "plan_price", "value": -5}, errors.ChangeInvalid),
        ({"kind": "plan_price", "value": "dix"}, errors.ChangeInvalid),
        ({"kind": "plan_price", "value": 10**12}, errors.ChangeInvalid),
        ({"kind": "nope", "value": 1}, errors.ChangeInvalid),
        ({"kind": "opening_hours", "value": "whenever"}, errors.ChangeInvalid),
        ({"kind": "role", "value": {"person": 1, "role": "king"}}, errors.ChangeInvalid),
    ],
)
def test_an_invalid_value_is_refused_when_written(place, spec, error):
    body, (ann, *_r) = make_body(place)
    plan = ticket_book_plan(place)
    target = place.pk if spec["kind"] in ("opening_hours", "role") else plan.pk
    with pytest.raises(error):
        make_proposal(body, ann, changes=[{"target": target, **spec}])
    assert not Proposal.objects.exists() and not Change.objects.exists()


def test_a_change_stays_within_the_bodys_place(place):
    body, (ann, *_r) = make_body(place)
    elsewhere = ticket_book_plan(PlaceFactory())
    with pytest.raises(errors.ChangeInvalid):
        make_proposal(body, ann, changes=[_price_change(elsewhere, 100)])


def test_a_free_offer_stays_free(place):
    body, (ann, *_r) = make_body(place)
    with pytest.raises(errors.ChangeInvalid):
        make_proposal(body, ann, changes=[_price_change(discovery_plan(place), 500)])


def test_a_change_cannot_take_effect_before_the_decision(place):
    body, (ann, *_r) = make_body(place)
    plan = ticket_book_plan(place)
    with pytest.raises(errors.EffectiveDateInvalid):
        make_proposal(
            body,
            ann,
            changes=[
                _price_change(plan, 100, effective_on=timezone.localdate() - timedelta(days=1))
            ],
        )


def test_a_vote_applies_the_change_of_the_winning_option_only(place):
    body, (ann, bob, cat) = make_body(place)
    plan = ticket_book_plan(place, price_cents=9000)
    proposal = make_proposal(
        body,
        ann,
        process="vote",
        options=["80 €", "100 €"],
        changes=[_price_change(plan, 8000, option=0), _price_change(plan, 10000, option=1)],
    )
    low, high = proposal.options.all()
    for who in (ann, bob):
        position_take(proposal=proposal, by=who, stance="vote", choices=[high.pk])
    position_take(proposal=proposal, by=cat, stance="vote", choices=[low.pk])
    proposal_close(proposal=proposal, by=ann)
    plan.refresh_from_db()
    assert plan.price_cents == 10000
    assert sorted(Change.objects.values_list("status", flat=True)) == ["applied", "cancelled"]
