"""The network's settlement in the demo: OpenFactory, run by its own association, welcomed
Paul with a network-wide book of ten days bought at the Comptoir Numérique; the network
admin turns that month's settlement into an order of OpenFactory to OpenScop and its
invoice, as the network's economic-model page does."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.models import Plan
from comptoir.billing.models import PaymentMethod
from comptoir.community import services as community
from comptoir.community.models import Organization, Person
from comptoir.devtools.demo.access import _backdate, _is_open
from comptoir.devtools.demo.community import demo_siret
from comptoir.devtools.demo.invoicing import load_invoicing_profile
from comptoir.economy import services as economy
from comptoir.economy.models import SettlementInvoice
from comptoir.invoicing.services import invoice_issue
from comptoir.places.models import Place
from comptoir.presence import services as presence

ENTITY = "Association OpenFactory"
WELCOMING = "openfactory"
NETWORK_BOOK = "Carnet 10 journées"


def load_settlement(main: Place, admin: Person, claire: Person) -> None:
    if SettlementInvoice.objects.filter(creditor__network_id=main.network_id).exists():
        return
    welcoming = Place.objects.get(slug=WELCOMING)
    if welcoming.legal_entity_id is None:
        entity = Organization.objects.filter(name=ENTITY).first() or community.organization_create(
            name=ENTITY,
            category=Organization.Category.DIGITAL,
            legal_form=Organization.LegalForm.ASSOCIATION,
            siret=demo_siret(41),
            description="Association porteuse du fablab OpenFactory.",
            by=None,
        )
        load_invoicing_profile(entity)
        Place.objects.filter(pk=welcoming.pk).update(legal_entity=entity)
        welcoming.refresh_from_db()
    visited = _paul_visits(main, welcoming, claire, admin)
    if visited is None:
        return  # OpenFactory not open on any recent day: nothing to settle
    economy.settlement_invoice(network=main.network, month=visited, by=admin)


def _paul_visits(main: Place, welcoming: Place, claire: Person, admin: Person) -> datetime | None:
    """Paul's network-wide book, bought at the Comptoir three weeks ago (and invoiced), and
    one day of it used at OpenFactory on its last open morning of the past two weeks."""
    paul = Person.objects.get(email="paul@comptoir.test")
    plan = Plan.objects.get(place=main, name=NETWORK_BOOK)
    zone = ZoneInfo(welcoming.timezone)
    today = timezone.localdate()
    for back in range(1, 15):
        day = today - timedelta(days=back)
        arrived = datetime.combine(day, time(10, 0), tzinfo=zone)
        left = datetime.combine(day, time(16, 0), tzinfo=zone)
        if _is_open(welcoming, arrived) and _is_open(welcoming, left):
            break
    else:
        return None
    sale = access.plan_sell(
        plan=plan, place=main, by=claire, person=paul, payment_method=PaymentMethod.CARD
    )
    _backdate(sale, datetime.combine(today - timedelta(days=21), time(9, 0), tzinfo=zone))
    invoice_issue(order=sale.order, by=claire)
    # Checked in and out by the network admin (OpenFactory has no concierge in the demo).
    visit = presence.visit_check_in(person=paul, place=welcoming, by=admin, at=arrived)
    presence.visit_check_out(visit=visit, by=admin, at=left)
    return arrived
