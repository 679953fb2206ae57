"""Sellers ready to invoice and orders to invoice, for the invoicing tests."""

from __future__ import annotations

import itertools
from typing import Any

from stdnum import luhn

from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.community.models import Organization
from comptoir.community.tests.factories import OrganizationFactory
from comptoir.invoicing.models import InvoicingProfile, VatRegime

_numbers = itertools.count(1)


def siret() -> str:
    """A new valid SIRET (Luhn check digit), different at each call."""
    stem = f"{next(_numbers) + 12345670:08d}"
    siren = stem + luhn.calc_check_digit(stem)
    stem = siren + "0001"
    return stem + luhn.calc_check_digit(stem)


def vat_number(siren: str) -> str:
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def make_seller(place: Any, *, regime: str = VatRegime.SUBJECT, **profile: Any) -> Organization:
    """Give the place a legal entity with a SIRET and its invoicing profile."""
    number = siret()
    entity = OrganizationFactory(name="Coopérative du Comptoir", siret=number)
    defaults = {
        "address": "12 rue de la Manufacture, 42000 Saint-Étienne",
        "vat_regime": regime,
        "vat_number": vat_number(number[:9]) if regime == VatRegime.SUBJECT else "",
    }
    InvoicingProfile.objects.create(organization=entity, **(defaults | profile))
    place.legal_entity = entity
    place.save(update_fields=["legal_entity"])
    return entity


def line(price: int = 1500, quantity: int = 1, vat_rate_bp: int = 2000, **fields: Any) -> Any:
    return billing.LineSpec(
        kind=OrderLine.Kind.OTHER,
        description=fields.pop("description", "Journée de coworking"),
        unit_price_cents=price,
        quantity=quantity,
        vat_rate_bp=vat_rate_bp,
        **fields,
    )


def make_order(place: Any, by: Any, buyer: Any, *lines: Any, **fields: Any) -> Order:
    return billing.order_create(
        place=place, lines=list(lines) or [line()], by=by, buyer=buyer, **fields
    )
