"""Processes as data: which positions each takes, and how the positions of a closed
proposal become its outcome. Pure functions over plain values (tested alone).

- consent: agree / abstain / object with a reason; it passes when the quorum took part
  and every objection has been answered.
- advice: people give advice (agree / abstain / object, with a reason); the author then
  decides (`proposal_decide`): closing alone decides nothing.
- vote: one option, approval (any number) or ranked (instant run-off); the winning option
  needs more than the body's majority of the ballots (ranked: of the last round)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from comptoir.governance.models import Method, Process, Proposal, Stance


@dataclass(frozen=True)
class ProcessRule:
    stances: frozenset[str]
    uses_options: bool
    decided_at_closing: bool


PROCESSES: dict[str, ProcessRule] = {
    Process.CONSENT: ProcessRule(
        frozenset({Stance.AGREE, Stance.ABSTAIN, Stance.OBJECT}), False, True
    ),
    Process.ADVICE: ProcessRule(
        frozenset({Stance.AGREE, Stance.ABSTAIN, Stance.OBJECT}), False, False
    ),
    Process.VOTE: ProcessRule(frozenset({Stance.VOTE, Stance.ABSTAIN}), True, True),
}


@dataclass(frozen=True)
class Ballot:
    stance: str
    choices: tuple[int, ...]
    answered: bool


@dataclass(frozen=True)
class Result:
    outcome: str
    winner: int | None
    tally: dict[str, Any]


def quorum_reached(participants: int, members: int, quorum_percent: int) -> bool:
    return participants >= math.ceil(members * quorum_percent / 100)


def _consent(ballots: list[Ballot]) -> tuple[str, dict[str, Any]]:
    counts: Counter[str] = Counter(b.stance for b in ballots)
    unanswered = sum(1 for b in ballots if b.stance == Stance.OBJECT and not b.answered)
    tally: dict[str, Any] = {
        str(s): counts.get(s, 0) for s in (Stance.AGREE, Stance.ABSTAIN, Stance.OBJECT)
    }
    tally["unanswered"] = unanswered
    adopted = unanswered == 0 and counts.get(Stance.AGREE, 0) > 0
    return str(Proposal.Outcome.ADOPTED if adopted else Proposal.Outcome.REJECTED), tally


def _instant_runoff(rankings: list[tuple[int, ...]], options: list[int]) -> tuple[int | None, list]:
    """The winner of ranked ballots and each round's count, eliminating the last option
    (ties: the later option in the proposal's order) until one has a majority."""
    remaining = list(options)
    rounds: list[dict[str, int]] = []
    while remaining:
        counts = dict.fromkeys(remaining, 0)
        for ranking in rankings:
            first = next((o for o in ranking if o in counts), None)
            if first is not None:
                counts[first] += 1
        rounds.append({str(k): v for k, v in counts.items()})
        total = sum(counts.values())
        leader = max(remaining, key=lambda o: (counts[o], -remaining.index(o)))
        if total == 0:
            return None, rounds
        if counts[leader] * 2 > total or len(remaining) == 1:
            return leader, rounds
        loser = min(reversed(remaining), key=lambda o: counts[o])
        remaining.remove(loser)
    return None, rounds


def _vote(
    ballots: list[Ballot], options: list[int], method: str, majority: int
) -> tuple[str, int | None, dict[str, Any]]:
    votes = [b.choices for b in ballots if b.stance == Stance.VOTE and b.choices]
    tally: dict[str, Any] = {"ballots": len(votes), "abstain": len(ballots) - len(votes)}
    if method == Method.RANKED:
        winner, rounds = _instant_runoff(votes, options)
        tally["rounds"] = rounds
        last = rounds[-1] if rounds else {}
        share, total = (last.get(str(winner), 0), sum(last.values())) if winner else (0, 0)
    else:
        counts = dict.fromkeys(options, 0)
        for choice in votes:
            for option in set(choice) if method == Method.APPROVAL else choice[:1]:
                if option in counts:
                    counts[option] += 1
        tally["options"] = {str(k): v for k, v in counts.items()}
        winner = max(options, key=lambda o: (counts[o], -options.index(o))) if options else None
        ties = [o for o in options if winner is not None and counts[o] == counts[winner]]
        if winner is not None and (counts[winner] == 0 or len(ties) > 1):
            winner = None  # nobody chose, or a tie: no option wins
        share, total = (counts[winner] if winner else 0), len(votes)
    passed = winner is not None and share * 100 > majority * total
    return (
        (Proposal.Outcome.ADOPTED if passed else Proposal.Outcome.REJECTED),
        (winner if passed else None),
        tally,
    )


def count(
    *,
    process: str,
    method: str,
    ballots: list[Ballot],
    options: list[int],
    members: int,
    quorum_percent: int,
    majority_percent: int,
) -> Result:
    """The outcome of a closed proposal from its positions (advice: still pending)."""
    participants = len(ballots)
    base = {"members": members, "participants": participants}
    if not quorum_reached(participants, members, quorum_percent):
        return Result(Proposal.Outcome.NO_QUORUM, None, base)
    if process == Process.CONSENT:
        outcome, tally = _consent(ballots)
        return Result(outcome, None, base | tally)
    if process == Process.VOTE:
        outcome, winner, tally = _vote(ballots, options, method, majority_percent)
        return Result(outcome, winner, base | tally)
    counts = Counter(b.stance for b in ballots)
    return Result(Proposal.Outcome.PENDING, None, base | dict(counts))
