"""The demo coworking offers, their sales and Nina's visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.models import Plan, Subscription, TicketBook, TicketUnit
from comptoir.billing.models import Order, Payment, PaymentMethod
from comptoir.community import permissions
from comptoir.community.models import (
    Organization,
    Person,
)
from comptoir.devtools.demo.places import MAIN_PLACE
from comptoir.places.models import Place
from comptoir.places.opening_hours import place_open_state
from comptoir.presence import services as presence


@dataclass(frozen=True)
class Offer:
    """A plan of a demo place (the fields of access.services.plan_create)."""

    name: str
    kind: str
    price_cents: int = 0
    description: str = ""
    holder: str = Plan.Holder.PERSON
    seats: int = 1
    included_room_hours: int = 0
    commitment_months: int = 0
    tickets: int = 0
    ticket_unit: str = TicketUnit.DAY
    validity_months: int = 12
    network_wide: bool = False

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


OFFERS = {
    MAIN_PLACE: [
        Offer(
            "Visite découverte",
            Plan.Kind.DISCOVERY,
            description="Une première journée offerte pour découvrir le lieu et sa communauté.",
        ),
        Offer(
            "Pass journée",
            Plan.Kind.DAY_PASS,
            1500,
            "Un poste au coworking pour la journée, café compris.",
        ),
        Offer(
            "Carnet 10 demi-journées",
            Plan.Kind.TICKET_BOOK,
            6000,
            "Dix demi-journées au Comptoir Numérique, valables un an.",
            tickets=10,
            ticket_unit=TicketUnit.HALF_DAY,
        ),
        Offer(
            "Carnet 10 journées",
            Plan.Kind.TICKET_BOOK,
            10000,
            "Dix journées valables dans tous les lieux du réseau Coworking Sainté.",
            tickets=10,
            network_wide=True,
        ),
        Offer(
            "Résident solo",
            Plan.Kind.SUBSCRIPTION,
            20000,
            "Un poste fixe, un casier et l'accès aux horaires étendus.",
            included_room_hours=4,
        ),
        Offer(
            "Résident structure 3 postes",
            Plan.Kind.SUBSCRIPTION,
            45000,
            "Trois personnes de la structure chaque jour, dix heures de salle de réunion "
            "par mois ; engagement de trois mois.",
            holder=Plan.Holder.ORGANIZATION,
            seats=3,
            included_room_hours=10,
            commitment_months=3,
        ),
    ],
    "le-mixeur": [
        Offer("Visite découverte", Plan.Kind.DISCOVERY),
        Offer("Pass journée", Plan.Kind.DAY_PASS, 1800, "Un poste pour la journée."),
        Offer(
            "Carnet 10 journées",
            Plan.Kind.TICKET_BOOK,
            12000,
            "Dix journées au Mixeur, valables un an.",
            tickets=10,
        ),
        Offer(
            "Résident solo",
            Plan.Kind.SUBSCRIPTION,
            22000,
            "Un poste fixe à la Cité du design.",
            included_room_hours=2,
        ),
    ],
}


# Who sells the offers of each place (its permanent concierge).
SELLERS = {MAIN_PLACE: "claire@comptoir.test", "le-mixeur": "lea@comptoir.test"}


def load_offers(slug: str) -> dict[str, Plan]:
    """The plans of a demo place, created by its permanent concierge when missing."""
    place = Place.objects.get(slug=slug)
    seller = Person.objects.get(email=SELLERS[slug])
    plans = {}
    for position, offer in enumerate(OFFERS[slug]):
        plan = Plan.objects.filter(place=place, name=offer.name).first()
        if plan is None:
            plan = access.plan_create(by=seller, place=place, position=position, **offer.fields())
        plans[offer.name] = plan
    return plans


def load_sales(
    main: Place,
    people: dict[str, Person],
    orgs: dict[str, Organization],
    plans: dict[str, dict[str, Plan]],
) -> None:
    """Offers sold at the desk through the real service, so orders and payments exist."""
    claire, paul = people["claire@comptoir.test"], people["paul@comptoir.test"]
    rosa, olivier = people["rosa@comptoir.test"], people["olivier@comptoir.test"]
    nina = people["nina@comptoir.test"]
    for person in people.values():
        permissions.forget_roles(person)  # roles were handed out since they were loaded
    offers = plans[MAIN_PLACE]
    zoomacom = orgs["Zoomacom"]
    if not Subscription.objects.filter(place=main, organization=zoomacom).exists():
        # Rosa's structure pays for three seats: she is covered without buying anything.
        access.plan_sell(
            plan=offers["Résident structure 3 postes"],
            place=main,
            by=claire,
            person=rosa,
            organization=zoomacom,
            payment_method=PaymentMethod.TRANSFER,
            payment_reference="VIR ZOOMACOM COWORKING",
        )
    if not Subscription.objects.filter(place=main, person=olivier).exists():
        access.plan_sell(
            plan=offers["Résident solo"],
            place=main,
            by=paul,
            person=olivier,
            payment_method=PaymentMethod.CHEQUE,
            payment_reference="Chèque n° 0042117",
        )
    if not TicketBook.objects.filter(person=nina).exists():
        _nina_book_and_visits(main, claire, nina, offers["Carnet 10 demi-journées"])
    mixeur = Place.objects.get(slug="le-mixeur")
    if not Order.objects.filter(place=mixeur, buyer=nina).exists():
        # A day pass at Le Mixeur for its next opening day, paid in cash.
        access.plan_sell(
            plan=plans["le-mixeur"]["Pass journée"],
            place=mixeur,
            by=people["lea@comptoir.test"],
            person=nina,
            starts_on=_next_open_day(mixeur, timezone.localdate() + timedelta(days=1)),
            payment_method=PaymentMethod.CASH,
        )


def _nina_book_and_visits(main: Place, claire: Person, nina: Person, plan: Plan) -> None:
    """A half-day book bought three weeks ago, and three half-days used since."""
    today = timezone.localdate()
    sale = access.plan_sell(
        plan=plan, place=main, by=claire, person=nina, payment_method=PaymentMethod.CARD
    )
    tz = ZoneInfo(main.timezone)
    bought = datetime.combine(today - timedelta(days=24), time(9, 15), tzinfo=tz)
    _backdate(sale, bought)
    slots = [(time(9, 30), time(12, 30)), (time(14, 0), time(18, 0))]
    visits = 0
    day = today - timedelta(days=21)
    while visits < 3 and day < today:
        start, end = slots[visits % 2]
        arrived = datetime.combine(day, start, tzinfo=tz)
        left = datetime.combine(day, end, tzinfo=tz)
        if _is_open(main, arrived) and _is_open(main, left):
            visit = presence.visit_check_in(person=nina, place=main, by=claire, at=arrived)
            presence.visit_check_out(visit=visit, by=claire, at=left)
            visits += 1
            day += timedelta(days=3)
        else:
            day += timedelta(days=1)


def _backdate(sale: access.Sale, when: datetime) -> None:
    """Move a sale made today back to `when` (the sale service only sells from today on)."""
    book = sale.ticket_book
    assert book is not None
    Order.objects.filter(pk=sale.order.pk).update(created_at=when, paid_at=when)
    Payment.objects.filter(order=sale.order).update(created_at=when)
    TicketBook.objects.filter(pk=book.pk).update(
        created_at=when,
        purchased_on=when.date(),
        expires_on=when.date() + relativedelta(months=book.plan.validity_months),
    )
    book.movements.update(at=when)


def _is_open(place: Place, at: datetime) -> bool:
    return place_open_state(place, at).is_open


def _next_open_day(place: Place, day: date) -> date:
    tz = ZoneInfo(place.timezone)
    for offset in range(14):
        candidate = day + timedelta(days=offset)
        if _is_open(place, datetime.combine(candidate, time(11, 0), tzinfo=tz)):
            return candidate
    return day
