"""The half-days covered before scopes existed get the scope of what paid for them: a
network book's or a network subscription's network, the visit's place for everything else
(a place's book or subscription, a day pass, a discovery visit, an override)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from comptoir.community.tests.factories import PersonFactory
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("presence", "0001_initial")
DAY = dt.date(2026, 3, 16)
AT = dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC)


def migrate(target: tuple[str, str]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def leaf() -> tuple[str, str]:
    graph = MigrationExecutor(connection).loader.graph
    return next(node for node in graph.leaf_nodes() if node[0] == "presence")


@pytest.fixture(autouse=True)
def _back_to_the_leaf() -> Any:
    """Whatever happens, the next tests find the schema of the code."""
    yield
    migrate(leaf())


def test_the_backfill_scopes_each_period_by_what_paid_for_it() -> None:
    network = NetworkFactory()
    place = PlaceFactory(network=network)
    elsewhere = PlaceFactory(network=NetworkFactory(name="Ailleurs", slug="ailleurs"))
    person = PersonFactory()
    old = migrate(BEFORE)
    plans = old.get_model("access", "Plan").objects
    books = old.get_model("access", "TicketBook").objects
    movements = old.get_model("access", "TicketMovement").objects
    subscriptions = old.get_model("access", "Subscription").objects
    visits = old.get_model("presence", "Visit").objects
    covered = old.get_model("presence", "CoveredPeriod").objects
    book_plan = plans.create(place_id=place.pk, kind="ticket_book", name="Carnet", tickets=10)
    network_sub_plan = plans.create(network_id=network.pk, kind="subscription", name="Réseau")
    place_sub_plan = plans.create(place_id=place.pk, kind="subscription", name="Résident")

    def book(network_id: int | None) -> Any:
        return books.create(
            plan=book_plan,
            person_id=person.pk,
            place_id=place.pk,
            network_id=network_id,
            tickets=10,
            ticket_value_cents=800,
            purchased_on=DAY,
            expires_on=DAY,
        )

    def subscription(plan: Any) -> Any:
        return subscriptions.create(
            plan=plan,
            place_id=place.pk,
            person_id=person.pk,
            started_on=DAY,
            period_anchor=DAY,
            price_cents=20000,
        )

    def period(day_offset: int, where: Any, access: str, **paid: Any) -> int:
        day = DAY + dt.timedelta(days=day_offset)
        movement = paid.pop("book", None)
        if movement is not None:
            paid["ticket_movement"] = movements.create(
                book=movement, kind="consumption", quantity=-1, place_id=where.pk, at=AT
            )
        visit = visits.create(
            person_id=person.pk,
            place_id=where.pk,
            day=day,
            checked_in_at=AT + dt.timedelta(days=day_offset),
            checked_out_at=AT + dt.timedelta(days=day_offset, hours=1),
            access=access,
            **{k: v for k, v in paid.items() if k != "subscription"},
            subscription=paid.get("subscription"),
        )
        row = covered.create(
            person_id=person.pk,
            day=day,
            half="am",
            visit=visit,
            access=access,
            subscription=paid.get("subscription"),
        )
        return int(row.pk)

    expected = {
        period(0, place, "ticket", book=book(None)): (place.pk, None),
        period(1, place, "ticket", book=book(network.pk)): (None, network.pk),
        # A network book used in a place of another network (bad data): that place only.
        period(2, elsewhere, "ticket", book=book(network.pk)): (elsewhere.pk, None),
        period(3, place, "subscription", subscription=subscription(network_sub_plan)): (
            None,
            network.pk,
        ),
        period(4, place, "subscription", subscription=subscription(place_sub_plan)): (
            place.pk,
            None,
        ),
        period(5, place, "day_pass"): (place.pk, None),
        period(6, place, "discovery"): (place.pk, None),
        period(7, place, "override"): (place.pk, None),
    }

    new = migrate(leaf())

    rows = new.get_model("presence", "CoveredPeriod").objects.values_list(
        "pk", "place_id", "network_id"
    )
    assert {pk: (place_id, network_id) for pk, place_id, network_id in rows} == expected


def test_going_back_keeps_one_period_per_person_and_half_day() -> None:
    network = NetworkFactory()
    here, there = PlaceFactory(network=network), PlaceFactory(network=network)
    person = PersonFactory()
    apps = migrate(leaf())
    visits = apps.get_model("presence", "Visit").objects
    covered = apps.get_model("presence", "CoveredPeriod").objects
    for hours, where in enumerate((here, there)):
        visit = visits.create(
            person_id=person.pk,
            place_id=where.pk,
            day=DAY,
            checked_in_at=AT + dt.timedelta(hours=hours),
            checked_out_at=AT + dt.timedelta(hours=hours, minutes=30),
            access="override",
        )
        covered.create(
            person_id=person.pk,
            day=DAY,
            half="am",
            visit=visit,
            access="override",
            place_id=where.pk,
        )

    old = migrate(BEFORE)

    kept = old.get_model("presence", "CoveredPeriod").objects
    assert list(kept.values_list("visit__place_id", flat=True)) == [here.pk]
