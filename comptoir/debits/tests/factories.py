"""A place's entity ready to collect direct debits, mandates and subscription orders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine
from comptoir.debits import services
from comptoir.debits.models import Mandate
from comptoir.debits.sepa import creditor_id_for
from comptoir.invoicing.tests.factories import make_seller

CREDITOR_ID = creditor_id_for("FR", "123456")  # FR72ZZZ123456, the EPC's example
CREDITOR_IBAN = "FR7630006000011234567890189"
# Two real French IBANs whose bank schwifty knows (their BIC is found from them).
IBAN_LA_BANQUE_POSTALE = "FR1420041010050500013M02606"
IBAN_CREDIT_AGRICOLE = "FR7618206000576025840255308"


def make_creditor(place: Any, by: Any = None) -> Any:
    entity = make_seller(place)
    services.creditor_set(
        organization=entity, creditor_id=CREDITOR_ID, iban=CREDITOR_IBAN, bic="", by=by
    )
    return entity


def make_mandate(place: Any, person: Any, by: Any = None, **fields: Any) -> Mandate:
    return services.mandate_create(
        place=place,
        person=person,
        iban=fields.pop("iban", IBAN_LA_BANQUE_POSTALE),
        signed_on=fields.pop("signed_on", dt.date(2026, 1, 15)),
        by=by,
        **fields,
    )


def subscription_order(place: Any, by: Any, buyer: Any, cents: int = 25000) -> Order:
    return billing.order_create(
        place=place,
        lines=[
            billing.LineSpec(
                kind=OrderLine.Kind.SUBSCRIPTION,
                description="Abonnement résident",
                unit_price_cents=cents,
            )
        ],
        by=by,
        buyer=buyer,
    )
