"""The other income of an entity's places as FEC entries (registered into `invoicing.fec`):
journal BQ, the bank debited, the income account of its kind credited; numbered
`R<year>-<id>` (the record's id: unique, and in the order it was recorded)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from comptoir.economy.models import IncomeKind, OtherIncome
from comptoir.invoicing.fec import Entries, Row

# Kind -> role in the entity's chart of accounts (invoicing.fec.DEFAULT_ACCOUNTS).
ACCOUNT_ROLE = {
    IncomeKind.GRANT: "grants",
    IncomeKind.DONATION: "donations",
    IncomeKind.DUES: "dues",
    IncomeKind.PARTNER_SERVICES: "other_income",
    IncomeKind.OTHER: "other_income",
}


def entry_number(income: OtherIncome) -> str:
    return f"R{income.received_on.year}-{income.pk:06d}"


def income_rows(income: OtherIncome, accounts: dict[str, tuple[str, str]]) -> list[Row]:
    number = entry_number(income)
    label = f"{income.get_kind_display()} {income.payer} {income.label}"
    valid = timezone.localtime(income.created_at).date()
    day, cents = income.received_on, income.amount_cents
    role = ACCOUNT_ROLE[IncomeKind(income.kind)]
    return [
        Row("BQ", number, day, accounts["bank"], ("", ""), label, cents, 0, valid),
        Row("BQ", number, day, accounts[role], ("", ""), label, 0, cents, valid),
    ]


def other_income_entries(
    seller_id: int, year: int, accounts: dict[str, tuple[str, str]]
) -> Entries:
    incomes = OtherIncome.objects.filter(
        place__legal_entity_id=seller_id,
        received_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ).order_by("received_on", "pk")
    for income in incomes.iterator(chunk_size=1000):
        yield income.received_on, entry_number(income), income_rows(income, accounts)
