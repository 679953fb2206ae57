from __future__ import annotations

from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from stdnum.fr import siret

from comptoir.access.models import (
    PlaceAccessSettings,
    Plan,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketMovement,
)
from comptoir.access.services import balance
from comptoir.billing.models import Order, OrderLine, Payment
from comptoir.bookings import services as bookings
from comptoir.bookings.exceptions import TrainingRequired
from comptoir.bookings.models import Booking, Qualification, Resource, Training
from comptoir.community import ties
from comptoir.community.models import (
    Affiliation,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    PlaceTie,
    Role,
    Skill,
)
from comptoir.conciergerie.models import Request as ConciergerieRequest
from comptoir.core.models import AuditEvent
from comptoir.debits.models import Debit
from comptoir.devtools.demo.bookings import _next_week_open_day
from comptoir.devtools.demo.community import DEMO_PASSWORD, PEOPLE, demo_siret
from comptoir.invoicing import selectors as invoicing_selectors
from comptoir.invoicing.models import Closing, Invoice
from comptoir.invoicing.models import Payment as InvoicePayment
from comptoir.lending.models import Loan
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space
from comptoir.presence.models import Access, CoveredPeriod, Visit

pytestmark = pytest.mark.django_db

MODELS = [
    Network,
    Place,
    Space,
    Equipment,
    NearbyPlace,
    Organization,
    Person,
    Affiliation,
    PlaceRole,
    Skill,
    PersonSkill,
    EmailAddress,
    AuditEvent,
    Plan,
    PlaceAccessSettings,
    Subscription,
    SubscriptionPeriod,
    TicketBook,
    TicketMovement,
    Order,
    OrderLine,
    Payment,
    Visit,
    CoveredPeriod,
    Resource,
    Training,
    Qualification,
    Booking,
]


def load(*args: str) -> str:
    out = StringIO()
    call_command("comptoir_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_loads_the_reference_network_and_runs_twice_without_duplicating_anything():
    load()
    first = counts()
    load()
    assert counts() == first
    # Eight structures, OpenFactory's association (the settlement) and a cooperative's
    # associate structure (the share register).
    assert first["Place"] == 5 and first["Organization"] == 10


def test_it_loads_comptoir_numerique_with_its_spaces_neighbours_and_legal_entity():
    load()
    place = Place.objects.get(slug="comptoir-numerique")
    assert (place.postal_code, place.insee_code, place.commune) == (
        "42000",
        "42218",
        "Saint-Étienne",
    )
    assert place.legal_entity.name == "OpenScop"
    assert set(place.typology) == {"TIERS_LIEUX", "EPN", "FABLAB"}
    assert "Give Box" in place.services
    capacities = {s.name: s.capacity for s in place.spaces.all()}
    assert capacities["Coworking"] == 20
    assert capacities["HackerSpace CATS"] == 8
    cats = place.spaces.get(name="HackerSpace CATS")
    assert {e.name for e in cats.equipment.all()} == {
        "Découpeuse laser",
        "Imprimante 3D",
        "Station de soudure",
    }
    walks = {n.display_name: n.walking_minutes for n in place.nearby.select_related("other")}
    assert walks == {
        "Le Mixeur": 10,
        "OpenFactory": 10,
        "La Cartonnerie": 10,
        "Au Pied des Marches": 15,
    }


def test_it_gives_people_every_role_and_valid_sirets():
    load()
    held = set(PlaceRole.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    for number in Organization.objects.values_list("siret", flat=True):
        assert number == "" or siret.is_valid(number)
    assert all(siret.is_valid(demo_siret(seed)) for seed in range(1, 50))
    assert Person.objects.filter(is_superuser=True, email="admin@comptoir.test").exists()
    assert PersonSkill.objects.filter(skill__name="KiCad").exists()
    assert not EmailAddress.objects.filter(verified=False).exists()


def test_it_offers_plans_in_french_and_sells_them_through_the_desk():
    load()
    main = Place.objects.get(slug="comptoir-numerique")
    offers = {plan.name: plan for plan in Plan.objects.filter(place=main)}
    assert offers["Carnet 10 demi-journées"].price_cents == 6000
    assert offers["Carnet 10 demi-journées"].ticket_unit == "half_day"
    assert offers["Carnet 10 journées"].network_wide
    assert offers["Pass journée"].price_cents == 1500
    assert offers["Visite découverte"].price_cents == 0
    structure = offers["Résident structure 3 postes"]
    assert (structure.holder, structure.seats, structure.included_room_hours) == (
        "organization",
        3,
        10,
    )
    assert Plan.objects.filter(place__slug="le-mixeur").count() == 4
    # Every sale is an order paid in full, with varied payment methods (but the subscription
    # whose direct debit the bank returned: due again, and Rosa's dry cleaning, done by the
    # conciergerie and paid when she collects it).
    returned = Debit.objects.filter(status=Debit.Status.RETURNED).values("order_id")
    services_due = ConciergerieRequest.objects.filter(order__status=Order.Status.PENDING)
    assert list(services_due.values_list("service__name", flat=True)) == ["Pressing"]
    sales = (
        Order.objects.exclude(lines__kind=OrderLine.Kind.BOOKING)
        .exclude(pk__in=returned)
        .exclude(pk__in=services_due.values("order_id"))
        # A loan's deposit is no sale: given back, it keeps its receipt.
        .exclude(pk__in=Loan.objects.filter(deposit_order__isnull=False).values("deposit_order_id"))
    )
    paid = sales.filter(status=Order.Status.PAID)
    assert paid.count() == sales.count() >= 4
    means = set(Payment.objects.values_list("method", flat=True))
    means |= set(InvoicePayment.objects.values_list("means", flat=True))
    assert len(means) >= 3
    # OpenScop invoices the Comptoir Numérique's sales: each has its invoice and payments,
    # numbered in their chains; the neighbours without a legal entity give receipts.
    main_sales = sales.filter(place=main)
    assert Invoice.objects.filter(order__in=main_sales).count() == main_sales.count() >= 3
    assert InvoicePayment.objects.filter(order__in=main_sales).count() >= 3
    assert not Payment.objects.filter(order__in=main_sales).exists()
    assert Payment.objects.filter(order__place__slug="le-mixeur").exists()
    # Yesterday and last month are closed, as each morning.
    assert Closing.objects.filter(seller=main.legal_entity, kind="month").count() == 1
    chains = invoicing_selectors.invoice_chains_verify(seller_ids=[main.legal_entity_id])
    assert chains and all(chain.intact and chain.count >= 6 for chain in chains)
    assert Subscription.objects.get(organization__name="Zoomacom").seats == 3
    assert Subscription.objects.filter(person__email="olivier@comptoir.test").exists()


def test_it_gives_nina_a_book_with_past_visits_and_victor_nothing():
    load()
    nina = Person.objects.get(email="nina@comptoir.test")
    book = TicketBook.objects.get(person=nina)
    visits = Visit.objects.filter(person=nina).order_by("checked_in_at")
    assert visits.count() == 3
    assert all(visit.checked_out_at and visit.access == Access.TICKET for visit in visits)
    assert book.purchased_on < visits[0].day
    assert balance(book) == 7
    victor = Person.objects.get(email="victor@comptoir.test")
    assert not Visit.objects.filter(person=victor).exists()
    assert not Order.objects.filter(buyer=victor).exists()


def test_its_people_can_log_in_with_the_demo_password():
    load()
    for demo in PEOPLE:
        assert Client().login(email=demo.email, password=DEMO_PASSWORD), demo.email


def test_it_loads_nothing_when_asked_if_empty_and_places_exist(place):
    assert "données de démonstration non chargées" in load("--if-empty")
    assert Place.objects.count() == 1
    assert not Person.objects.exists()


def test_it_only_prints_the_logins_when_asked():
    output = load("--logins")
    assert "claire@comptoir.test" in output and DEMO_PASSWORD in output
    assert not Place.objects.exists()


def test_it_prints_the_logins_in_french_like_the_interface():
    output = load("--logins")
    assert "Comptes de démonstration (mot de passe : comptoir)" in output
    assert "Concierge permanente, Comptoir Numérique" in output
    assert "Voyageur, n’a encore rien acheté (visite découverte)" in output
    assert "Demo logins" not in output and "Permanent concierge" not in output


def test_the_smoke_command_passes_on_the_demo():
    load()
    out = StringIO()
    call_command("comptoir_smoke", stdout=out)
    assert "passed" in out.getvalue()


def test_the_smoke_command_fails_without_the_demo():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("comptoir_smoke", stdout=StringIO())


def test_it_makes_comptoir_numerique_bookable_with_its_rules():
    load()
    main = Place.objects.get(slug="comptoir-numerique")
    resources = {r.slug: r for r in Resource.objects.filter(place=main)}
    room = resources["salle-de-reunion"]
    assert (room.capacity, room.uses_included_hours, room.hourly_price_cents) == (1, True, 1500)
    assert room.nomad_payment == Resource.NomadPayment.MONEY
    assert room.space.slug == "salle-de-reunion"
    desks = resources["postes-coworking"]
    assert (desks.capacity, desks.nomad_payment, desks.minutes_per_ticket) == (8, "tickets", 240)
    epn = resources["salle-epn"]
    assert epn.partner_hourly_cents == 2500
    assert epn.partners.exists()
    laser = resources["decoupeuse-laser"]
    assert laser.capacity == 1 and laser.equipment.name == "Découpeuse laser"
    assert laser.required_training.name == "Formation découpe laser"
    assert laser.required_training.validity_months == 24


def test_it_books_next_week_through_the_service_and_trains_rosa_but_not_nina():
    load()
    rosa = Booking.objects.get(
        person__email="rosa@comptoir.test", resource__slug="salle-de-reunion"
    )
    # Zoomacom's subscription includes ten hours of meeting room a month.
    assert rosa.included_minutes == 120 and rosa.price_cents == 0
    members = Booking.objects.filter(event__isnull=True)  # the others hold the agenda's rooms
    claire = members.get(person__email="claire@comptoir.test")
    assert claire.resource.slug == "salle-epn" and claire.price_cents == 0
    assert members.filter(status=Booking.Status.CONFIRMED).count() == 3
    today = timezone.localdate()
    assert all(today < b.start.date() <= today + timedelta(days=30) for b in members)
    assert AuditEvent.objects.filter(verb="booking.created").count() == 3
    # Rosa's laser session is paid at the desk: its order waits.
    laser = Booking.objects.get(resource__slug="decoupeuse-laser")
    assert laser.price_cents == 1200
    assert laser.order_line.order.status == Order.Status.PENDING
    assert Qualification.objects.filter(person__email="rosa@comptoir.test").exists()
    assert not Qualification.objects.filter(person__email="nina@comptoir.test").exists()


def test_nina_is_refused_the_laser_until_a_concierge_trains_her():
    load()
    nina = Person.objects.get(email="nina@comptoir.test")
    claire = Person.objects.get(email="claire@comptoir.test")
    laser = Resource.objects.get(slug="decoupeuse-laser")
    day = _next_week_open_day(laser.place, 0, time(9), time(10))
    assert day is not None
    start = datetime.combine(day, time(9), tzinfo=ZoneInfo(laser.place.timezone))
    with pytest.raises(TrainingRequired):
        bookings.booking_create(
            resource=laser, person=nina, start=start, end=start + timedelta(hours=1), by=nina
        )
    bookings.qualification_grant(person=nina, training=laser.required_training, by=claire)
    booking = bookings.booking_create(
        resource=laser, person=nina, start=start, end=start + timedelta(hours=1), by=nina
    )
    assert booking.price_cents == 800


def test_every_person_the_demo_ties_to_a_place_is_in_the_ties_table():
    load()
    recorded = set(PlaceTie.objects.values_list("person_id", "place_id"))
    assert recorded and recorded == ties.pairs_from_sources()
