from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from stdnum.fr import siret

from comptoir.access.models import (
    DayPass,
    Plan,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketMovement,
)
from comptoir.billing.models import Order, OrderLine, Payment
from comptoir.bookings.models import Booking, Qualification, Resource, Training
from comptoir.bookings.rules import check_opening_hours
from comptoir.community import ties
from comptoir.community.models import (
    CONCIERGE_ROLES,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    PlaceTie,
    Role,
    Skill,
)
from comptoir.core.models import AuditEvent
from comptoir.devtools.generate.base import DOMAIN, NETWORK_SLUG
from comptoir.economy.models import Budget, OtherIncome, Source
from comptoir.places.models import Place, Space
from comptoir.places.opening_hours import validate_opening_hours
from comptoir.presence.models import Access, CoveredPeriod, Visit

pytestmark = pytest.mark.django_db

TINY = {
    "places": 2,
    "people": 50,
    "organizations": 10,
    "roles": 60,
    "skills": 30,
    "audit_events": 100,
    "ticket_books": 40,
    "visits": 400,
    "subscriptions": 3,
    "orders": 30,
    "present": 6,
    "bookings": 600,
    "events": 80,
    "registrations": 600,
    "projects": 30,
    "contributions": 400,
}


def generate(**options: Any) -> str:
    out = StringIO()
    call_command("comptoir_generate", stdout=out, **{**TINY, **options})
    return out.getvalue()


def test_it_creates_the_requested_number_of_rows() -> None:
    generate()

    places = Place.objects.filter(network__slug=NETWORK_SLUG)
    assert places.count() == 2
    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 50
    assert Organization.objects.filter(email__endswith=f"@{DOMAIN}").count() == 10
    # The requested roles, and a treasurer per place (its first permanent concierge).
    assert PlaceRole.objects.exclude(role=Role.TREASURER).count() == 60
    treasurers = PlaceRole.objects.filter(role=Role.TREASURER)
    assert sorted(treasurers.values_list("place_id", flat=True)) == sorted(
        places.values_list("pk", flat=True)
    )
    # The economy: two years of other income per place and a budget per source and year.
    assert OtherIncome.objects.filter(place__in=places, kind="grant").count() == 2 * 8
    assert OtherIncome.objects.filter(place__in=places, kind="partner_services").count() == 48
    assert Budget.objects.filter(place__in=places).count() == 2 * 2 * len(Source.values)
    assert AuditEvent.objects.filter(place__in=places).count() == 100
    assert Skill.objects.count() == 30
    assert PersonSkill.objects.count() > 50


def test_it_gives_each_place_four_to_eight_equipped_spaces_and_valid_hours() -> None:
    generate()

    for place in Place.objects.filter(network__slug=NETWORK_SLUG):
        place.full_clean()
        validate_opening_hours(place.opening_hours)
        spaces = Space.objects.filter(place=place)
        assert 4 <= spaces.count() <= 8
        assert all(space.equipment.exists() for space in spaces)


def test_it_makes_unique_sirets_that_stdnum_accepts() -> None:
    generate(organizations=200)

    sirets = list(Organization.objects.exclude(siret="").values_list("siret", flat=True))
    assert len(sirets) > 100
    assert len(set(sirets)) == len(sirets)
    assert all(siret.is_valid(number) for number in sirets)
    for organization in Organization.objects.all()[:20]:
        organization.full_clean()


def test_it_never_overlaps_two_periods_of_the_same_role() -> None:
    generate(people=10, roles=200)

    periods = defaultdict(list)
    for role in PlaceRole.objects.all():
        periods[(role.person_id, role.place_id, role.role)].append(
            (role.valid_from, role.valid_until or date.max)
        )
    assert any(len(spans) > 1 for spans in periods.values())
    for spans in periods.values():
        spans.sort()
        for (_start, end), (next_start, _end) in zip(spans, spans[1:], strict=False):
            assert end < next_start


def test_it_gives_every_place_current_concierges() -> None:
    generate()

    for place in Place.objects.filter(network__slug=NETWORK_SLUG):
        current = PlaceRole.objects.current().filter(place=place)
        assert current.filter(role=Role.CONCIERGE_PERMANENT).count() == 2
        assert current.filter(role__in=CONCIERGE_ROLES).count() == 5


def test_it_shares_one_password_hash_that_logs_in() -> None:
    generate(people=5, roles=10)

    people = Person.objects.filter(email__endswith=f"@{DOMAIN}")
    assert len(set(people.values_list("password", flat=True))) == 1
    assert people.first().check_password("comptoir")


def test_it_refuses_to_generate_twice_without_reset() -> None:
    generate()

    with pytest.raises(CommandError, match="--reset"):
        generate()
    assert "nothing to do" in generate(if_absent=True)
    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 50


def test_it_replaces_generated_rows_on_reset_and_keeps_the_others(person: Any) -> None:
    generate()

    generate(reset=True, people=20, roles=30)

    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 20
    assert PlaceRole.objects.exclude(role=Role.TREASURER).count() == 30
    assert Place.objects.filter(network__slug=NETWORK_SLUG).count() == 2
    assert Person.objects.filter(pk=person.pk).exists()
    # The generated rows are written in bulk; the ties they make are rebuilt after.
    recorded = set(PlaceTie.objects.values_list("person_id", "place_id"))
    assert recorded == ties.pairs_from_sources()
    assert len({place for _person, place in recorded}) == 2


def test_it_scales_the_counts() -> None:
    generate(scale=0.5)

    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 25
    assert PlaceRole.objects.exclude(role=Role.TREASURER).count() == 30


def test_it_sells_offers_books_and_subscriptions_with_orders() -> None:
    generate()

    places = Place.objects.filter(network__slug=NETWORK_SLUG)
    for place in places:
        kinds = set(Plan.objects.filter(place=place).values_list("kind", flat=True))
        assert kinds == set(Plan.Kind.values)
    assert Plan.objects.filter(network__slug=NETWORK_SLUG, network_wide=True).count() == 1
    assert TicketBook.objects.count() == 40
    assert Subscription.objects.filter(organization__isnull=False).count() == 3
    assert Order.objects.count() == OrderLine.objects.count() == 30
    assert Payment.objects.count() <= 30
    for subscription in Subscription.objects.prefetch_related("periods"):
        periods = list(subscription.periods.all())
        assert periods[0].start == subscription.started_on
        for before, after in zip(periods, periods[1:], strict=False):
            assert (after.number, after.start) == (before.number + 1, before.end + timedelta(1))
    # The order lines point at what they sold.
    linked = (
        TicketBook.objects.filter(order_line__isnull=False).count()
        + DayPass.objects.filter(order_line__isnull=False).count()
        + SubscriptionPeriod.objects.filter(order_line__isnull=False).count()
    )
    assert linked == 30


def test_its_ledgers_never_go_below_zero_and_match_the_visits() -> None:
    generate()

    for book in TicketBook.objects.with_balance().annotate(
        used=Count("movements", filter=Q(movements__kind=TicketMovement.Kind.CONSUMPTION))
    ):
        assert 0 <= book.balance <= book.tickets
        assert book.used <= book.tickets
    consumed = TicketMovement.objects.filter(kind=TicketMovement.Kind.CONSUMPTION)
    ticket_visits = Visit.objects.filter(access=Access.TICKET)
    assert ticket_visits.count() == consumed.count() > 0
    assert not ticket_visits.filter(ticket_movement__isnull=True).exists()
    # Each consumption is on a book of the visitor, valid on the day of the visit.
    for visit in ticket_visits.select_related("ticket_movement__book")[:200]:
        book = visit.ticket_movement.book
        assert book.person_id == visit.person_id
        assert book.purchased_on <= visit.day <= book.expires_on
    assert consumed.aggregate(total=Sum("quantity"))["total"] == -consumed.count()


def test_its_visits_keep_the_presence_constraints() -> None:
    generate()

    visits = Visit.objects.all()
    assert 300 <= visits.count() <= 400
    assert {Access.TICKET, Access.DAY_PASS, Access.DISCOVERY} <= set(
        visits.values_list("access", flat=True)
    )
    today = timezone.localdate()
    open_visits = visits.filter(checked_out_at__isnull=True)
    assert open_visits.count() == 6
    assert set(open_visits.values_list("day", flat=True)) == {today}
    assert not visits.filter(day__gt=today).exists()
    # One visit per person and day, so at most one open and one charge per half-day.
    per_day = visits.values("person_id", "day").annotate(n=Count("pk")).filter(n__gt=1)
    assert not per_day.exists()
    assert not Visit.objects.annotate(n=Count("covered_periods")).filter(n=0).exists()
    assert CoveredPeriod.objects.count() >= visits.count()
    # Each half-day is covered where what paid is valid: a network book's across the
    # network, everything else at the visit's place.
    network_books = CoveredPeriod.objects.filter(
        visit__ticket_movement__book__network__isnull=False
    )
    assert network_books.exists()
    assert not network_books.exclude(network_id=F("visit__place__network_id")).exists()
    assert not network_books.filter(place__isnull=False).exists()
    local = CoveredPeriod.objects.exclude(pk__in=network_books.values("pk"))
    assert not local.exclude(place_id=F("visit__place_id")).exists()
    assert not local.filter(network__isnull=False).exists()
    half = CoveredPeriod.objects.filter(visit__ticket_movement__book__unit="half_day")
    assert not half.values("visit_id").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # A structure's subscription never covers more people a day than its seats.
    seats = (
        CoveredPeriod.objects.filter(subscription__isnull=False)
        .values("subscription_id", "subscription__seats", "day")
        .annotate(people=Count("person_id", distinct=True))
    )
    assert all(row["people"] <= row["subscription__seats"] for row in seats)
    for visit in visits.filter(access=Access.SUBSCRIPTION).select_related("subscription")[:100]:
        assert visit.subscription.periods.filter(start__lte=visit.day, end__gte=visit.day)
    discoveries = visits.filter(access=Access.DISCOVERY)
    assert discoveries.values("person_id", "place_id").distinct().count() == discoveries.count()


def test_it_scales_the_access_counts_and_resets_them() -> None:
    generate(scale=0.5)

    assert TicketBook.objects.count() == 20
    assert Order.objects.count() == 15
    assert Visit.objects.filter(checked_out_at__isnull=True).count() == 3

    generate(reset=True)

    assert TicketBook.objects.count() == 40
    assert Order.objects.count() == 30
    assert Plan.objects.count() == 2 * 6 + 1


def busiest(spans: list[tuple[Any, Any]]) -> int:
    """The most spans running at one instant (an end frees its place before a start)."""
    events = sorted([(start, 1) for start, _end in spans] + [(end, -1) for _start, end in spans])
    running = most = 0
    for _moment, step in events:
        running += step
        most = max(most, running)
    return most


def test_it_gives_each_place_rooms_desks_and_machines_with_trainings() -> None:
    generate()

    for place in Place.objects.filter(network__slug=NETWORK_SLUG):
        kinds = set(Resource.objects.filter(place=place).values_list("kind", flat=True))
        assert {"room", "desk", "equipment", "epn_room"} <= kinds
        machines = Resource.objects.filter(place=place, kind="equipment")
        assert machines.exists()
        assert not machines.filter(required_training__isnull=True).exists()
        assert Resource.objects.filter(place=place, kind="desk", capacity__gt=1).exists()
        for resource in Resource.objects.filter(place=place):
            resource.full_clean()
    assert Qualification.objects.filter(training__in=Training.objects.all()).exists()


def test_its_bookings_scale_and_span_two_years_past_and_future() -> None:
    generate()
    assert Booking.objects.filter(event__isnull=True).count() == 600

    generate(reset=True, scale=0.5)

    bookings = Booking.objects.filter(event__isnull=True)  # the others hold events' rooms
    assert bookings.count() == 300
    today = timezone.localdate()
    days = set(bookings.annotate(day=TruncDate("start")).values_list("day", flat=True))
    assert min(days) < today - timedelta(days=365) and max(days) > today
    cancelled = bookings.filter(status=Booking.Status.CANCELLED)
    assert 0 < cancelled.count() < 60
    assert not cancelled.filter(cancelled_at__isnull=True).exists()
    assert not bookings.filter(created_at__gt=timezone.now()).exists()


def test_its_bookings_never_overlap_nor_exceed_capacity_and_keep_opening_hours() -> None:
    generate(bookings=3000)

    confirmed = Booking.objects.filter(status=Booking.Status.CONFIRMED)
    spans: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for resource_id, start, end in confirmed.values_list("resource_id", "start", "end"):
        spans[resource_id].append((start, end))
    resources = Resource.objects.in_bulk(list(spans))
    assert any(r.capacity == 1 for r in resources.values())
    assert any(r.capacity > 1 and busiest(spans[r.pk]) > 1 for r in resources.values())
    for resource_id, taken in spans.items():
        resource = resources[resource_id]
        if resource.capacity == 1:
            taken.sort()
            for (_start, end), (next_start, _end) in zip(taken, taken[1:], strict=False):
                assert end <= next_start
        assert busiest(taken) <= resource.capacity
        exclusive = confirmed.filter(resource=resource, exclusive=resource.capacity == 1)
        assert exclusive.count() == len(taken)
    members = Booking.objects.filter(event__isnull=True)  # events may run in the evening
    for booking in members.select_related("resource__place").order_by("?")[:150]:
        check_opening_hours(booking.resource, booking.start, booking.end)  # raises if closed
        assert booking.end > booking.start
        assert (booking.end - booking.start) % timedelta(minutes=30) == timedelta(0)


def test_it_wipes_bookings_resources_and_trainings_on_reset() -> None:
    generate()
    assert Resource.objects.exists() and Booking.objects.exists()

    generate(reset=True, bookings=10)

    assert Booking.objects.filter(event__isnull=True).count() == 10
    assert (
        Training.objects.count() == Resource.objects.filter(required_training__isnull=False).count()
    )


def test_it_gives_each_entity_a_cooperative_with_members_shares_and_news() -> None:
    from comptoir.membership.models import Association, Membership, ShareMovement
    from comptoir.news.models import Announcement

    generate()

    assert Association.objects.filter(is_cooperative=True).exists()
    assert Membership.objects.exists()
    for association in Association.objects.all():
        numbers = list(association.share_movements.values_list("number", flat=True))
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert association.last_movement_number == len(numbers)
    assert Announcement.objects.filter(network__isnull=False).exists()
    generate(reset=True)
    assert ShareMovement.objects.count() == sum(
        a.last_movement_number for a in Association.objects.all()
    )


def test_past_the_places_of_one_network_it_starts_another(monkeypatch: Any) -> None:
    # Ten places per network in a real run; two here, so that four places make two networks.
    monkeypatch.setattr("comptoir.devtools.generate.places.PLACES_PER_NETWORK", 2)
    generate(places=4, ticket_books=80)

    places = Place.objects.select_related("network")
    assert sorted(p.network.slug for p in places) == [NETWORK_SLUG] * 2 + [f"{NETWORK_SLUG}-2"] * 2
    assert Plan.objects.filter(network_wide=True).count() == 2
    # A network's book is used in that network's places only, and its neighbours are its own.
    network_books = TicketBook.objects.filter(network__isnull=False)
    assert network_books.values("network").distinct().count() == 2
    for book in network_books:
        where = set(
            Visit.objects.filter(ticket_movement__book=book).values_list(
                "place__network_id", flat=True
            )
        )
        assert where <= {book.network_id}
    assert places.filter(nearby__isnull=False).exists()  # the seed is fixed: some neighbours
    for place in places:
        assert not place.nearby.exclude(other__network=place.network).exists()

    generate(reset=True, places=4)
    assert Place.objects.count() == 4
    assert Plan.objects.filter(network_wide=True).count() == 2
