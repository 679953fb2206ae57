"""The generated network's economy: a treasurer per place (its first permanent concierge
also keeps the accounts), two years of other income per place (grants each quarter with
their funder, programme and period, the cooperative's services each month, donations,
yearly dues) and a budget per source for each year, so that the economic-model pages and
the FEC are measured with data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.community.models import PlaceRole, Role
from comptoir.core.bulk import sql_delete
from comptoir.economy.models import Budget, IncomeKind, OtherIncome, SettlementInvoice, Source
from comptoir.places.models import Place

FUNDERS = (
    ("Agence nationale de la cohésion des territoires", "Fabriques de territoire"),
    ("Région Auvergne-Rhône-Alpes", "Tiers-lieux et territoires"),
    ("Département de la Loire", "Inclusion numérique"),
    ("Saint-Étienne Métropole", "Économie sociale et solidaire"),
)


class EconomyGenerator:
    def __init__(self, gen: Any, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places

    def write(self) -> None:
        self.treasurers()
        self.income()
        self.budgets()

    def treasurers(self) -> None:
        rows = []
        for place in self.places:
            # The roles are written by now: read the first permanent concierge's back (the
            # generator keeps only who holds which role, not since when).
            concierge = (
                PlaceRole.objects.filter(place=place, role=Role.CONCIERGE_PERMANENT)
                .order_by("pk")
                .values("person_id", "valid_from")
                .first()
            )
            if concierge is not None:
                rows.append(
                    PlaceRole(
                        person_id=concierge["person_id"],
                        place=place,
                        role=Role.TREASURER,
                        valid_from=concierge["valid_from"],
                    )
                )
        self.gen.bulk(PlaceRole, rows)

    def income(self) -> None:
        today = self.gen.today
        rows: list[OtherIncome] = []
        for place in self.places:
            for months_back in range(24):
                first = _month_back(today, months_back)
                day = first.replace(day=self.rng.randrange(1, 28))
                rows.append(
                    OtherIncome(
                        place=place,
                        kind=IncomeKind.PARTNER_SERVICES,
                        label="Prestations de la coopérative",
                        payer="Coopérative du réseau",
                        amount_cents=self.rng.randrange(800_000, 2_500_000),
                        received_on=day,
                    )
                )
                if first.month in (1, 4, 7, 10):
                    funder, programme = self.rng.choice(FUNDERS)
                    rows.append(
                        OtherIncome(
                            place=place,
                            kind=IncomeKind.GRANT,
                            label=f"{programme}, tranche trimestrielle",
                            payer=funder,
                            programme=programme,
                            amount_cents=self.rng.randrange(500_000, 2_000_000),
                            received_on=day,
                            period_start=first,
                            period_end=_month_back(first, -3) - dt.timedelta(days=1),
                        )
                    )
                for _n in range(self.rng.randrange(0, 4)):
                    rows.append(
                        OtherIncome(
                            place=place,
                            kind=IncomeKind.DONATION,
                            label="Don",
                            payer="Particulier",
                            amount_cents=self.rng.randrange(1_000, 50_000),
                            received_on=first.replace(day=self.rng.randrange(1, 28)),
                        )
                    )
                if first.month == 1:
                    rows.append(
                        OtherIncome(
                            place=place,
                            kind=IncomeKind.DUES,
                            label="Cotisations annuelles",
                            payer="Membres de l’association",
                            amount_cents=self.rng.randrange(100_000, 400_000),
                            received_on=day,
                            period_start=first,
                            period_end=first.replace(month=12, day=31),
                        )
                    )
        self.gen.bulk(OtherIncome, rows)

    def budgets(self) -> None:
        rows = [
            Budget(
                place=place,
                year=year,
                source=source,
                amount_cents=self.rng.randrange(100_000, 20_000_000),
            )
            for place in self.places
            for year in (self.gen.today.year - 1, self.gen.today.year)
            for source in Source.values
        ]
        self.gen.bulk(Budget, rows)


def _month_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def wipe_economy(places: Any) -> None:
    sql_delete(SettlementInvoice.objects.filter(creditor__in=places))
    sql_delete(SettlementInvoice.objects.filter(debtor__in=places))
    sql_delete(OtherIncome.objects.filter(place__in=places))
    sql_delete(Budget.objects.filter(place__in=places))
