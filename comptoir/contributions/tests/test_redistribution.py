"""The distribution arithmetic (whole cents that add up exactly), the statement of a
prestation from the validated hours of the place and its projects, validation and
immutability."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from comptoir.contributions.exceptions import BadPrestation, StatementLocked
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.contributions.services.redistribution import (
    distribute,
    prestation_create,
    prestation_update,
    prestation_validate,
    statement_preview,
)
from comptoir.core.exceptions import NotAllowed

D = Decimal


def amounts(lines: Any) -> dict[int | None, int]:
    return {line.person_id: line.amount_cents for line in lines}


# --- distribute ------------------------------------------------------------------------------


def test_it_gives_the_commons_share_then_the_rest_pro_rata() -> None:
    lines = distribute(
        revenue_cents=100_000, commons_share_bp=2000, weighted_hours={1: D(30), 2: D(10)}
    )
    assert amounts(lines) == {None: 20_000, 1: 60_000, 2: 20_000}


def test_it_shares_one_cent_among_three_to_the_smallest_id() -> None:
    lines = distribute(
        revenue_cents=1, commons_share_bp=0, weighted_hours={7: D(1), 3: D(1), 5: D(1)}
    )
    assert amounts(lines) == {3: 1, 5: 0, 7: 0}
    assert sum(line.amount_cents for line in lines) == 1


def test_it_gives_the_odd_cent_to_the_larger_remainder() -> None:
    # 100 cents for 1 h and 2 h: quotas 33.33 and 66.67 -> 33 and 67.
    lines = distribute(revenue_cents=100, commons_share_bp=0, weighted_hours={1: D(1), 2: D(2)})
    assert amounts(lines) == {1: 33, 2: 67}


def test_a_tie_goes_to_the_commons_first() -> None:
    # 1 cent, half to the commons, half to one person: both quotas 0.5.
    lines = distribute(revenue_cents=1, commons_share_bp=5000, weighted_hours={4: D(2)})
    assert amounts(lines) == {None: 1, 4: 0}


def test_with_no_hours_everything_goes_to_the_commons() -> None:
    lines = distribute(revenue_cents=12_345, commons_share_bp=2000, weighted_hours={})
    assert amounts(lines) == {None: 12_345}
    lines = distribute(revenue_cents=999, commons_share_bp=0, weighted_hours={1: D(0)})
    assert amounts(lines) == {None: 999}


def test_all_to_the_commons_still_lists_the_people_at_zero() -> None:
    lines = distribute(revenue_cents=5000, commons_share_bp=10_000, weighted_hours={1: D(3)})
    assert amounts(lines) == {None: 5000, 1: 0}


def test_no_commons_line_when_the_rule_gives_it_nothing() -> None:
    lines = distribute(revenue_cents=5000, commons_share_bp=0, weighted_hours={1: D(3)})
    assert [line.person_id for line in lines] == [1]
    assert lines[0].amount_cents == 5000


def test_fractional_weighted_hours_are_shared_exactly() -> None:
    lines = distribute(
        revenue_cents=1000, commons_share_bp=3333, weighted_hours={1: D("0.25"), 2: D("1.5")}
    )
    # Commons 333.3 c; the rest 666.7 c split 1:6 -> 95.24 and 571.46.
    assert amounts(lines) == {None: 333, 1: 95, 2: 572}


def test_the_lines_always_add_up_to_the_revenue() -> None:
    rng = random.Random(6)
    for _ in range(300):
        people = {pk: D(rng.randint(0, 4000)) / 100 for pk in range(1, rng.randint(1, 12))}
        revenue = rng.randint(0, 5_000_000)
        bp = rng.choice([0, 1, 2000, 3333, 9999, 10_000, rng.randint(0, 10_000)])
        lines = distribute(revenue_cents=revenue, commons_share_bp=bp, weighted_hours=people)
        assert sum(line.amount_cents for line in lines) == revenue
        assert all(line.amount_cents >= 0 for line in lines)
        # Nobody is more than one cent away from their exact quota.
        total = sum(people.values())
        if total:
            rest = D(revenue) * (10_000 - bp) / 10_000
            for line in lines:
                if line.person_id is not None:
                    assert abs(D(line.amount_cents) - rest * line.weighted_hours / total) < 1


def test_it_is_deterministic_whatever_the_order_of_the_people() -> None:
    hours = {9: D(1), 2: D(1), 5: D(1), 4: D(1)}
    first = distribute(revenue_cents=10, commons_share_bp=0, weighted_hours=hours)
    again = distribute(
        revenue_cents=10, commons_share_bp=0, weighted_hours=dict(reversed(hours.items()))
    )
    assert first == again
    assert amounts(first) == {2: 3, 4: 3, 5: 2, 9: 2}


# --- Statements from the database -----------------------------------------------------------


TODAY = dt.date(2026, 11, 20)


def _validated(**fields: Any) -> Contribution:
    fields.setdefault("unit", Contribution.Unit.HOUR)
    fields.setdefault("description", "Atelier")
    fields.setdefault("happened_on", TODAY - dt.timedelta(days=3))
    return Contribution.objects.create(status=Contribution.Status.VALIDATED, **fields)


@pytest.fixture
def prestation(place: Any, concierge: Any) -> Prestation:
    return prestation_create(
        place=place,
        by=concierge,
        title="Formation au fablab pour la mairie",
        client="Mairie",
        revenue_cents=150_000,
        delivered_on=TODAY,
        period_start=TODAY - dt.timedelta(days=30),
        period_end=TODAY,
        commons_share_bp=2000,
        weights={"animation": "0.5"},
    )


def test_the_statement_counts_validated_hours_of_the_place_and_its_projects(
    prestation: Prestation,
    place: Any,
    project: Any,
    project_lead: Any,
    contributor: Any,
    nomad: Any,
    make_project: Any,
    foreign_place: Any,
) -> None:
    _validated(project=project, contributor=contributor, kind="work", quantity=D(6))
    _validated(place=place, contributor=nomad, kind="animation", quantity=D(8))  # × 0.5
    _validated(project=project, contributor=project_lead, kind="documentation", quantity=D(2))
    # Not counted: refused, out of the period, money, equipment (weight 0), another place.
    Contribution.objects.create(
        project=project,
        contributor=nomad,
        kind="work",
        quantity=D(5),
        unit="hour",
        description="x",
        happened_on=TODAY,
        status=Contribution.Status.REFUSED,
    )
    _validated(
        project=project,
        contributor=nomad,
        kind="work",
        quantity=D(5),
        happened_on=TODAY - dt.timedelta(days=60),
    )
    _validated(project=project, contributor=nomad, kind="money", quantity=D(50), unit="euro")
    _validated(project=project, contributor=nomad, kind="equipment", quantity=D(3))
    _validated(place=foreign_place, contributor=nomad, kind="work", quantity=D(5))

    statement = statement_preview(prestation=prestation)
    lines = {(line.person.pk if line.person else None): line for line in statement.lines}
    assert {pk: line.amount_cents for pk, line in lines.items()} == {
        None: 30_000,
        contributor.pk: 60_000,  # 6 of 12 weighted hours of 1 200 €
        nomad.pk: 40_000,  # 4
        project_lead.pk: 20_000,  # 2
    }
    assert lines[nomad.pk].weighted_hours == D("4.00")
    assert statement.total_cents == prestation.revenue_cents
    assert not Share.objects.exists()  # a preview saves nothing


def test_a_project_of_two_places_is_counted_once(
    prestation: Prestation,
    place: Any,
    sister_place: Any,
    project: Any,
    contributor: Any,
) -> None:
    project.places.add(sister_place)
    _validated(project=project, contributor=contributor, kind="work", quantity=D(4))
    lines = statement_preview(prestation=prestation).lines
    assert [(line.weighted_hours, line.amount_cents) for line in lines if line.person] == [
        (D("4.00"), 120_000)
    ]


def test_validating_writes_the_shares_and_freezes_the_prestation(
    prestation: Prestation,
    project: Any,
    contributor: Any,
    concierge: Any,
    nomad: Any,
) -> None:
    _validated(project=project, contributor=contributor, kind="work", quantity=D(1))
    _validated(project=project, contributor=nomad, kind="work", quantity=D(2))
    prestation.revenue_cents = 100
    prestation.save()
    prestation_validate(prestation=prestation, by=concierge)
    prestation.refresh_from_db()
    assert prestation.status == Prestation.Status.VALIDATED
    assert prestation.validated_by == concierge
    shares = {s.person_id: s.amount_cents for s in Share.objects.filter(prestation=prestation)}
    assert shares == {None: 20, contributor.pk: 27, nomad.pk: 53}

    # Later contributions change nothing; edits and revalidation are refused.
    _validated(project=project, contributor=nomad, kind="work", quantity=D(20))
    assert [line.amount_cents for line in statement_preview(prestation=prestation).lines] == [
        20,
        27,
        53,
    ]
    with pytest.raises(StatementLocked) as refused:
        prestation_update(prestation=prestation, by=concierge, revenue_cents=200)
    assert refused.value.code == "statement_locked"
    with pytest.raises(StatementLocked):
        prestation_validate(prestation=prestation, by=concierge)
    prestation.refresh_from_db()
    assert prestation.revenue_cents == 100
    assert Share.objects.filter(prestation=prestation).count() == 3


def test_only_the_place_concierges_manage_prestations(
    place: Any,
    prestation: Prestation,
    nomad: Any,
    sister_concierge: Any,
) -> None:
    for who in (nomad, sister_concierge):
        with pytest.raises(NotAllowed):
            prestation_validate(prestation=prestation, by=who)
        with pytest.raises(NotAllowed):
            prestation_update(prestation=prestation, by=who, title="Autre")
        with pytest.raises(NotAllowed):
            prestation_create(
                place=place,
                by=who,
                title="x",
                revenue_cents=100,
                delivered_on=TODAY,
                period_start=TODAY,
                period_end=TODAY,
            )
    prestation.refresh_from_db()
    assert prestation.status == Prestation.Status.DRAFT


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"revenue_cents": 0}, "revenue_cents"),
        ({"revenue_cents": 100_000_001}, "revenue_cents"),
        ({"commons_share_bp": 10_001}, "commons_share_bp"),
        ({"period_end": TODAY - dt.timedelta(days=31)}, "period_end"),
        ({"weights": {"money": 1}}, "weights"),
        ({"weights": {"work": "-1"}}, "weights"),
        ({"weights": {"work": "11"}}, "weights"),
        ({"weights": {"work": "beaucoup"}}, "weights"),
        ({"title": "   "}, "title"),
    ],
)
def test_it_refuses_a_bad_rule(
    prestation: Prestation, concierge: Any, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(BadPrestation) as refused:
        prestation_update(prestation=prestation, by=concierge, **changes)
    assert refused.value.field == field
    prestation.refresh_from_db()
    assert prestation.revenue_cents == 150_000


def test_a_project_of_another_place_is_refused(
    place: Any, concierge: Any, foreign_place: Any
) -> None:
    from comptoir.projects.models import Project

    elsewhere = Project.objects.create(title="Ailleurs", slug="ailleurs")
    elsewhere.places.add(foreign_place)
    with pytest.raises(BadPrestation) as refused:
        prestation_create(
            place=place,
            by=concierge,
            title="x",
            revenue_cents=100,
            delivered_on=TODAY,
            period_start=TODAY,
            period_end=TODAY,
            project=elsewhere,
        )
    assert refused.value.field == "project"
    assert not Prestation.objects.exists()
