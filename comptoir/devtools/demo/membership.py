"""Membership at the Comptoir Numérique: OpenScop, its legal entity, is a cooperative (SCIC)
with a yearly membership (20 €, calendar year) and shares of 50 €. The adherents of the year
are recorded at the desk by Claire (their fees paid and invoiced); the share register holds
its employees, beneficiaries, a partner structure and the local authority, with payments, a
transfer and a redemption, numbered in order."""

from __future__ import annotations

from typing import Any

from comptoir.community import services as community
from comptoir.community.models import Organization, Person
from comptoir.membership import services
from comptoir.membership.models import Association
from comptoir.places.models import Place

ADHERENTS = [
    "nina@comptoir.test",
    "rosa@comptoir.test",
    "samir@comptoir.test",
    "paul@comptoir.test",
]
# (email or structure, category, shares subscribed, paid at once in cents)
ASSOCIATES = [
    ("claire@comptoir.test", "employees", 4, 20000),
    ("theo@comptoir.test", "employees", 2, 10000),
    ("rosa@comptoir.test", "beneficiaries", 2, 5000),
    ("nina@comptoir.test", "beneficiaries", 2, 5000),  # half paid up so far
    ("Zoomacom", "others", 10, 50000),
    ("Saint-Étienne Métropole", "public_bodies", 20, 100000),
]


PUBLIC_BODY = "Saint-Étienne Métropole"


def _holder(name: str) -> dict[str, Any]:
    if "@" in name:
        return {"person": Person.objects.get(email=name)}
    found = Organization.objects.filter(name=name).first()
    if found is None and name == PUBLIC_BODY:  # the local authority, an associate of the SCIC
        found = community.organization_create(
            name=name,
            category=Organization.Category.LOCAL_AUTHORITY,
            legal_form=Organization.LegalForm.PUBLIC,
            description="La métropole, associée de la coopérative au titre des collectivités.",
            by=None,
        )
    return {"organization": found}


def load_membership(place: Place, *, concierge: Person, treasurer: Person) -> None:
    if place.legal_entity_id is None:
        return
    if Association.objects.filter(organization_id=place.legal_entity_id).exists():
        return  # loaded already: a second run changes nothing
    services.association_configure(
        place=place,
        period=Association.Period.CALENDAR,
        fee_cents=2000,
        vat_rate_bp=0,
        is_cooperative=True,
        share_price_cents=5000,
        by=treasurer,
    )
    for email in ADHERENTS:
        services.membership_record(
            place=place, person=Person.objects.get(email=email), by=concierge
        )
    associates = {}
    for name, category, shares, paid in ASSOCIATES:
        movement = services.shares_subscribe(
            place=place,
            shares=shares,
            category=category,
            paid_cents=paid,
            by=treasurer,
            **_holder(name),
        )
        associates[name] = movement.associate
    rosa = associates["rosa@comptoir.test"]
    services.shares_pay(place=place, associate=rosa, amount_cents=5000, by=treasurer)
    services.shares_transfer(
        place=place,
        associate=associates["claire@comptoir.test"],
        shares=1,
        to_person=Person.objects.get(email="samir@comptoir.test"),
        category="beneficiaries",
        by=treasurer,
    )
    services.shares_redeem(
        place=place, associate=associates["theo@comptoir.test"], shares=1, by=treasurer
    )
