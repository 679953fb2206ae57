"""Counting, alone: consent, vote (one option, approval, ranked), quorum."""

from __future__ import annotations

from comptoir.governance.processes import Ballot, count, quorum_reached


def ballots(*specs: tuple[str, tuple[int, ...], bool]) -> list[Ballot]:
    return [Ballot(*spec) for spec in specs]


def _count(process: str, bs: list[Ballot], method: str = "single", **kw: int) -> object:
    return count(
        process=process,
        method=method,
        ballots=bs,
        options=kw.pop("options_", [1, 2, 3]),  # type: ignore[arg-type]
        members=kw.pop("members", 5),
        quorum_percent=kw.pop("quorum", 0),
        majority_percent=kw.pop("majority", 50),
    )


def test_quorum_rounds_up():
    assert quorum_reached(3, 5, 50)
    assert not quorum_reached(2, 5, 50)
    assert quorum_reached(0, 5, 0)


def test_consent_passes_once_every_objection_is_answered():
    unanswered = ballots(("agree", (), False), ("object", (), False))
    answered = ballots(("agree", (), False), ("object", (), True), ("abstain", (), False))
    assert _count("consent", unanswered).outcome == "rejected"
    result = _count("consent", answered)
    assert result.outcome == "adopted"
    assert result.tally["object"] == 1 and result.tally["unanswered"] == 0


def test_consent_without_quorum_decides_nothing():
    assert _count("consent", ballots(("agree", (), False)), quorum=50).outcome == "no_quorum"


def test_single_vote_needs_more_than_the_majority():
    bs = ballots(("vote", (1,), False), ("vote", (1,), False), ("vote", (2,), False))
    result = _count("vote", bs)
    assert (result.outcome, result.winner) == ("adopted", 1)
    assert _count("vote", bs, majority=70).outcome == "rejected"


def test_a_tie_elects_no_option():
    bs = ballots(("vote", (1,), False), ("vote", (2,), False))
    assert _count("vote", bs).winner is None


def test_approval_counts_every_option_approved():
    bs = ballots(("vote", (1, 2), False), ("vote", (2,), False), ("vote", (3, 2), False))
    result = _count("vote", bs, method="approval")
    assert result.winner == 2 and result.tally["options"] == {"1": 1, "2": 3, "3": 1}


def test_ranked_choice_transfers_the_last_options_ballots():
    bs = ballots(
        ("vote", (1, 2), False),
        ("vote", (1, 2), False),
        ("vote", (2, 1), False),
        ("vote", (3, 2), False),
        ("vote", (3, 2), False),
        ("vote", (2, 3), False),
    )
    result = _count("vote", bs, method="ranked")
    # Round 1: 2 each, 3 is last (the later of the ties) → its ballots go to 2: 2 wins 4/6.
    assert result.winner == 2
    assert len(result.tally["rounds"]) == 2


def test_advice_is_decided_by_its_author_not_the_count():
    assert _count("advice", ballots(("object", (), False))).outcome == "pending"
