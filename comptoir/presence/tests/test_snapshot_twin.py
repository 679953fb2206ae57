"""The check-in's snapshot (one hand-written statement, prepared on PostgreSQL) gives the
answers of the ORM rules it stands for, on generated data (PostgreSQL and SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from comptoir.access.models import DayPass, Plan, Subscription, SubscriptionPeriod
from comptoir.access.tests.factories import PlanFactory
from comptoir.access.tests.test_sql_twins import usable_books_orm
from comptoir.access.tests.worlds import (
    PEOPLE,
    PLACES,
    TWIN_SETTINGS,
    books,
    make_books,
    make_world,
    offsets,
    rolled_back,
)
from comptoir.community.models import Affiliation
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.presence import rules, services
from comptoir.presence.models import Access, CoveredPeriod, Half, Visit
from comptoir.presence.selectors import today_at

pytestmark = pytest.mark.django_db

ORGANIZATIONS = 2


@pytest.fixture
def world(db):
    world = make_world()
    world.organizations = [OrganizationFactory() for _n in range(ORGANIZATIONS)]
    world.pass_plans = {
        name: PlanFactory(place=place, kind=Plan.Kind.DAY_PASS, tickets=0)
        for name, place in world.places.items()
    }
    # A subscription plan of each place, and one of each network.
    world.subscription_plans = {
        name: PlanFactory(place=place, kind=Plan.Kind.SUBSCRIPTION, tickets=0)
        for name, place in world.places.items()
    }
    for name in ("home", "foreign"):
        network = world.places[name].network
        world.subscription_plans[f"network-{name}"] = PlanFactory(
            place=None, network=network, kind=Plan.Kind.SUBSCRIPTION, tickets=0
        )
    return world


subscriptions = st.lists(
    st.fixed_dictionaries(
        {
            # A person's own, or a structure's.
            "holder": st.one_of(
                st.tuples(st.just("person"), st.integers(0, PEOPLE - 1)),
                st.tuples(st.just("organization"), st.integers(0, ORGANIZATIONS - 1)),
            ),
            "place": st.sampled_from(PLACES),
            "plan": st.sampled_from(["own", "network-home", "network-foreign"]),
            "status": st.sampled_from(Subscription.Status.values),
            "periods": st.lists(st.tuples(offsets, st.integers(0, 40)), max_size=3),
        }
    ),
    max_size=4,
)
affiliations = st.sets(
    st.tuples(st.integers(0, PEOPLE - 1), st.integers(0, ORGANIZATIONS - 1)), max_size=4
)
day_passes = st.lists(
    st.tuples(st.integers(0, PEOPLE - 1), st.sampled_from(PLACES), offsets), max_size=4
)
# (person, place, day offset, minutes from `at` to the arrival, minutes stayed or None: open,
# halves covered, each valid at the visit's place only or across its network)
visits = st.lists(
    st.tuples(
        st.integers(0, PEOPLE - 1),
        st.sampled_from(PLACES),
        st.sampled_from([-1, 0, 0, 1]),
        st.integers(-600, 120),
        st.one_of(st.none(), st.integers(0, 600)),
        st.dictionaries(
            st.sampled_from([Half.MORNING, Half.AFTERNOON]), st.sampled_from(["place", "network"])
        ),
    ),
    max_size=6,
)


def _make_subscriptions(world, specs, day):
    for spec in specs:
        kind, index = spec["holder"]
        place = world.places[spec["place"]]
        plan_key = spec["place"] if spec["plan"] == "own" else spec["plan"]
        subscription = Subscription.objects.create(
            plan=world.subscription_plans[plan_key],
            place=place,
            person=world.people[index] if kind == "person" else None,
            organization=world.organizations[index] if kind == "organization" else None,
            status=spec["status"],
            started_on=day - dt.timedelta(days=90),
            period_anchor=day - dt.timedelta(days=90),
            seats=2,
            price_cents=20000,
        )
        for number, (start, length) in enumerate(spec["periods"]):
            first = day + dt.timedelta(days=start)
            SubscriptionPeriod.objects.create(
                subscription=subscription,
                number=number,
                start=first,
                end=first + dt.timedelta(days=length),
            )


def _make_visits(world, specs, day, at):
    open_days, halves_taken = set(), set()
    for person_index, name, day_offset, arrival, stayed, halves in specs:
        person, visit_day = world.people[person_index], day + dt.timedelta(days=day_offset)
        if stayed is None and (person_index, visit_day) in open_days:
            continue  # One open visit per person and day.
        if stayed is None:
            open_days.add((person_index, visit_day))
        checked_in = at + dt.timedelta(minutes=arrival)
        visit = Visit.objects.create(
            person=person,
            place=world.places[name],
            day=visit_day,
            checked_in_at=checked_in,
            checked_out_at=None if stayed is None else checked_in + dt.timedelta(minutes=stayed),
            access=Access.OVERRIDE,
        )
        place = world.places[name]
        for half, scope in halves.items():
            # One period per person, half-day and scope (place or network): several places
            # may each have covered the same half-day.
            where = (place.pk, None) if scope == "place" else (None, place.network_id)
            if (person_index, visit_day, half, where) in halves_taken:
                continue
            halves_taken.add((person_index, visit_day, half, where))
            CoveredPeriod.objects.create(
                person=person,
                day=visit_day,
                half=half,
                visit=visit,
                access=Access.OVERRIDE,
                place_id=where[0],
                network_id=where[1],
            )


def _expected(person, place, day, at) -> rules.Snapshot:
    """The snapshot as the ORM rules answer it."""
    book = usable_books_orm(person, place, day, 1).first()
    return rules.Snapshot(
        covered=set(
            CoveredPeriod.objects.valid_at(place)
            .filter(person=person, day=day)
            .values_list("half", flat=True)
        ),
        subscribed=bool(rules._subscriptions(person, place, day)),
        day_pass_id=DayPass.objects.filter(person=person, place=place, valid_on=day)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        visits_to_check=services.visits_to_check(
            person=person, place=place, day=day, at=at
        ).exists(),
        book=(
            None
            if book is None
            else rules.access.UsableBook(book.pk, book.unit, book.balance, book.network_id)
        ),
    )


@TWIN_SETTINGS
@given(
    book_specs=books,
    subscription_specs=subscriptions,
    affiliation_specs=affiliations,
    pass_specs=day_passes,
    visit_specs=visits,
    who=st.integers(0, PEOPLE - 1),
    where=st.sampled_from(PLACES),
    day_offset=offsets,
    minutes=st.integers(-720, 720),
)
def test_the_snapshot_statement_agrees_with_the_orm_rules(
    world,
    book_specs,
    subscription_specs,
    affiliation_specs,
    pass_specs,
    visit_specs,
    who,
    where,
    day_offset,
    minutes,
):
    with rolled_back():
        person, place = world.people[who], world.places[where]
        # Today where the place is (its time zone may be a day ahead of or behind UTC's).
        today = today_at(place)
        day = today + dt.timedelta(days=day_offset)
        at = timezone.now() + dt.timedelta(days=day_offset, minutes=minutes)
        make_books(world, book_specs, today)
        _make_subscriptions(world, subscription_specs, today)
        for person_index, organization_index in affiliation_specs:
            Affiliation.objects.create(
                person=world.people[person_index],
                organization=world.organizations[organization_index],
            )
        for person_index, name, offset in pass_specs:
            DayPass.objects.create(
                plan=world.pass_plans[name],
                person=world.people[person_index],
                place=world.places[name],
                valid_on=today + dt.timedelta(days=offset),
            )
        _make_visits(world, visit_specs, today, at)
        found = rules.snapshot(person=person, place=place, day=day, at=at)
        assert found == _expected(person, place, day, at)
