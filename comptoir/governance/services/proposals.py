"""Proposals, positions, closing and counting, advice decisions, publication.

Lock order: the proposal's row first. Taking a position locks it and checks it is still
open and before its closing time; closing locks it too, so a position is either committed
before the count (and counted) or refused after it, never lost in between."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.inputs import is_unstorable
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.governance import changes as change_kinds
from comptoir.governance import permissions
from comptoir.governance.audit import Verb
from comptoir.governance.exceptions import (
    AnswerRequired,
    ChoicesInvalid,
    ClosingInvalid,
    EffectiveDateInvalid,
    NotABodyMember,
    NotAnObjection,
    NotDecidedByAdvice,
    OptionsInvalid,
    ProposalClosed,
    ProposalOpen,
    QuestionInvalid,
    ReasonRequired,
    StanceInvalid,
)
from comptoir.governance.models import (
    Body,
    Change,
    Membership,
    Method,
    Option,
    Position,
    Process,
    Proposal,
    Stance,
)
from comptoir.governance.processes import PROCESSES, Ballot, count
from comptoir.governance.services.apply import changes_apply_due

MAX_TEXT = 20_000


def _text(value: Any, limit: int) -> str:
    text = value if isinstance(value, str) else ""
    if is_unstorable(text):
        raise InvalidInput(field="text")
    return text[:limit].strip()


def _check_changes(
    body: Body, closes_at: datetime, specs: list[dict[str, Any]], options: int
) -> list[tuple[change_kinds.Target, dict[str, Any]]]:
    checked = []
    closing_day = timezone.localdate(closes_at)
    for spec in specs:
        target = change_kinds.check(
            body, spec.get("kind", ""), spec.get("target"), spec.get("value")
        )
        on = spec.get("effective_on") or None
        if on is not None and (
            not isinstance(on, date) or on < closing_day or on > closing_day + timedelta(days=3660)
        ):
            raise EffectiveDateInvalid(field="effective_on")
        option = spec.get("option")
        if option is not None and (not isinstance(option, int) or not 0 <= option < options):
            raise ChoicesInvalid(field="option")
        checked.append((target, spec | {"effective_on": on}))
    return checked


@transaction.atomic
def proposal_create(
    *,
    body: Body,
    by: Actor,
    question: str,
    process: str,
    closes_at: datetime | None,
    context: str = "",
    method: str = Method.SINGLE,
    options: list[str] | None = None,
    changes: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> Proposal:
    """A member puts a question to their body; the changes it carries are checked now."""
    if not permissions.can_take_part(by, body):
        raise NotABodyMember()
    now = now or timezone.now()
    question = _text(question, 1000)
    if not question or len(question) > 200:
        raise QuestionInvalid(field="question")
    if process not in PROCESSES:
        raise StanceInvalid(field="process")
    if method not in Method.values:
        raise ChoicesInvalid(field="method")
    if closes_at is None or closes_at <= now or closes_at > now + timedelta(days=730):
        raise ClosingInvalid(field="closes_at")
    labels = [_text(label, 200) for label in (options or [])]
    labels = [label for label in labels if label]
    if PROCESSES[process].uses_options:
        if not 2 <= len(labels) <= 20 or len(set(labels)) != len(labels):
            raise OptionsInvalid(field="options")
    else:
        labels = []
    checked = _check_changes(body, closes_at, changes or [], len(labels))
    proposal = Proposal.objects.create(
        body=body,
        author=by,
        question=question,
        context=_text(context, MAX_TEXT),
        process=process,
        method=method if labels else Method.SINGLE,
        closes_at=closes_at,
    )
    made = Option.objects.bulk_create(
        Option(proposal=proposal, label=label, position=i) for i, label in enumerate(labels)
    )
    for target, spec in checked:
        option = spec.get("option")
        Change.objects.create(
            proposal=proposal,
            kind=spec["kind"],
            target_id=target.obj.pk,
            target_repr=str(target.obj)[:200],
            value=target.value,
            previous=target.previous,
            effective_on=spec["effective_on"],
            option=made[option] if option is not None else None,
        )
    audit_record(
        actor=by,
        verb=Verb.PROPOSAL_CREATED,
        target=proposal,
        place=body.place,
        data={"process": process, "changes": len(checked)},
    )
    return proposal


def _clean_choices(proposal: Proposal, stance: str, choices: Any) -> list[int]:
    if stance != Stance.VOTE:
        return []
    if not isinstance(choices, list | tuple) or not choices:
        raise ChoicesInvalid(field="choices")
    try:
        picked = [int(c) for c in choices]
    except (TypeError, ValueError) as error:
        raise ChoicesInvalid(field="choices") from error
    valid = set(proposal.options.values_list("pk", flat=True))
    if len(set(picked)) != len(picked) or not set(picked) <= valid:
        raise ChoicesInvalid(field="choices")
    if proposal.method == Method.SINGLE and len(picked) != 1:
        raise ChoicesInvalid(field="choices")
    return picked


@transaction.atomic
def position_take(
    *,
    proposal: Proposal,
    by: Actor,
    stance: str,
    reason: str = "",
    choices: Any = None,
    now: datetime | None = None,
) -> Position:
    """A member's position: one per person, changed (not added) until the proposal closes."""
    locked = Proposal.objects.select_for_update().select_related("body").get(pk=proposal.pk)
    now = now or timezone.now()
    if locked.status != Proposal.Status.OPEN or now >= locked.closes_at:
        raise ProposalClosed()
    if not permissions.can_take_part(by, locked.body):
        raise NotABodyMember()
    if stance not in PROCESSES[locked.process].stances:
        raise StanceInvalid(field="stance")
    reason = _text(reason, MAX_TEXT)
    if stance == Stance.OBJECT and not reason:
        raise ReasonRequired(field="reason")
    picked = _clean_choices(locked, stance, choices)
    try:
        with transaction.atomic():
            position, created = Position.objects.update_or_create(
                proposal=locked,
                person=by,
                defaults={
                    "stance": stance,
                    "reason": reason,
                    "choices": picked,
                    "answer": "",
                    "answered_at": None,
                },
            )
    except IntegrityError as error:  # the unique row: never reached under the lock
        raise ProposalClosed() from error
    audit_record(
        actor=by,
        verb=Verb.POSITION_TAKEN,
        target=locked,
        place=locked.body.place,
        data={"stance": stance, "changed": not created},
    )
    return position


@transaction.atomic
def objection_answer(*, position: Position, by: Actor, answer: str) -> Position:
    """The author answers an objection (before closing): a consent then may pass."""
    proposal = (
        Proposal.objects.select_for_update().select_related("body").get(pk=position.proposal_id)
    )
    if not permissions.can_lead_proposal(by, proposal):
        raise NotAllowed()
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalClosed()
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.stance != Stance.OBJECT:
        raise NotAnObjection()
    answer = _text(answer, MAX_TEXT)
    if not answer:
        raise AnswerRequired(field="answer")
    position.answer, position.answered_at = answer, timezone.now()
    position.save(update_fields=["answer", "answered_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.OBJECTION_ANSWERED,
        target=proposal,
        place=proposal.body.place,
        data={"position": position.pk},
    )
    return position


def _settle_changes(proposal: Proposal, adopted: bool, today: date) -> None:
    changes = proposal.changes.all()
    if not adopted:
        changes.update(status=Change.Status.CANCELLED)
        return
    winner = proposal.winner_id
    changes.exclude(option__isnull=True).exclude(option_id=winner or 0).update(
        status=Change.Status.CANCELLED
    )
    changes.filter(status=Change.Status.PENDING).update(status=Change.Status.SCHEDULED)
    # A date already reached applies now, in this transaction, not at the scheduler's next run.
    changes_apply_due(today=today, proposal=proposal)


@transaction.atomic
def proposal_close(
    *, proposal: Proposal, by: Actor | None, now: datetime | None = None
) -> Proposal:
    """Close and count: by its author or the body's managers early, by the scheduler once
    its time has come. The count is of the positions committed before this lock."""
    locked = Proposal.objects.select_for_update().select_related("body").get(pk=proposal.pk)
    now = now or timezone.now()
    if locked.status != Proposal.Status.OPEN:
        raise ProposalClosed()
    if by is not None and not permissions.can_lead_proposal(by, locked):
        raise NotAllowed()
    if by is None and now < locked.closes_at:
        raise ProposalOpen()
    ballots = [
        Ballot(p.stance, tuple(p.choices), p.answered_at is not None)
        for p in locked.positions.all()
    ]
    body = locked.body
    result = count(
        process=locked.process,
        method=locked.method,
        ballots=ballots,
        options=list(locked.options.values_list("pk", flat=True)),
        members=Membership.objects.current().filter(body=body).count(),
        quorum_percent=body.quorum_percent,
        majority_percent=body.majority_percent,
    )
    locked.status, locked.closed_at = Proposal.Status.CLOSED, now
    locked.outcome, locked.winner_id, locked.tally = result.outcome, result.winner, result.tally
    locked.save(update_fields=["status", "closed_at", "outcome", "winner", "tally", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.PROPOSAL_CLOSED,
        target=locked,
        place=body.place,
        data={"outcome": result.outcome, "participants": len(ballots)},
    )
    if result.outcome != Proposal.Outcome.PENDING:
        _settle_changes(locked, result.outcome == Proposal.Outcome.ADOPTED, timezone.localdate(now))
    return locked


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by: Actor, adopted: bool) -> Proposal:
    """Advice: once closed, its author decides, having heard the advice given."""
    locked = Proposal.objects.select_for_update().select_related("body").get(pk=proposal.pk)
    if locked.process != Process.ADVICE or by.pk != locked.author_id:
        raise NotDecidedByAdvice()
    if locked.status != Proposal.Status.CLOSED:
        raise ProposalOpen()
    if locked.outcome != Proposal.Outcome.PENDING:
        raise ProposalClosed()
    locked.outcome = Proposal.Outcome.ADOPTED if adopted else Proposal.Outcome.REJECTED
    locked.save(update_fields=["outcome", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.PROPOSAL_DECIDED,
        target=locked,
        place=locked.body.place,
        data={"outcome": locked.outcome},
    )
    _settle_changes(locked, adopted, timezone.localdate())
    return locked


@transaction.atomic
def proposal_publish(*, proposal: Proposal, by: Actor, text: str) -> Proposal:
    """The outcome written in words and published in the register of decisions."""
    locked = Proposal.objects.select_for_update().select_related("body").get(pk=proposal.pk)
    if not permissions.can_lead_proposal(by, locked):
        raise NotAllowed()
    if not permissions.has_outcome_to_publish(locked):
        raise ProposalOpen()
    text = _text(text, MAX_TEXT)
    if not text:
        raise AnswerRequired(field="text")
    locked.outcome_text, locked.published_at = text, locked.published_at or timezone.now()
    locked.save(update_fields=["outcome_text", "published_at", "updated_at"])
    audit_record(actor=by, verb=Verb.OUTCOME_PUBLISHED, target=locked, place=locked.body.place)
    return locked


def close_due_proposals(now: datetime | None = None) -> int:
    """The scheduler's: close the proposals whose time has come (each in its transaction)."""
    now = now or timezone.now()
    due = Proposal.objects.filter(status=Proposal.Status.OPEN, closes_at__lte=now)
    closed = 0
    for proposal in due.only("pk").order_by("closes_at", "pk")[:500]:
        try:
            proposal_close(proposal=proposal, by=None, now=now)
        except ProposalClosed:
            continue  # closed meanwhile by its author or another run
        closed += 1
    return closed
