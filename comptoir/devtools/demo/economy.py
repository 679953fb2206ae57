"""The economy of the Comptoir Numérique, as its treasurer Théo records it: the grants of the
year (the State's “Fabriques de territoire”, the Region's tiers-lieux programme), the
services OpenScop sold for the place (most of its money, as at the reference place),
donations and membership dues; and the year's budget per source."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from comptoir.community.models import Person
from comptoir.economy.models import Budget, IncomeKind, OtherIncome, Source
from comptoir.economy.services import IncomeSpec, budget_set, income_record
from comptoir.places.models import Place


def _specs(today: dt.date) -> list[IncomeSpec]:
    year = today.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def back(days: int) -> dt.date:
        # Before the periods the demo closes (yesterday and last month), never last year.
        return max(today - dt.timedelta(days=days), start)

    specs = [
        IncomeSpec(
            kind=IncomeKind.GRANT,
            label="Fabrique de territoire, tranche annuelle",
            payer="Agence nationale de la cohésion des territoires",
            programme="Fabriques de territoire",
            amount_cents=5_000_000,
            received_on=back(70),
            period_start=start,
            period_end=end,
        ),
        IncomeSpec(
            kind=IncomeKind.GRANT,
            label="Soutien aux tiers-lieux",
            payer="Région Auvergne-Rhône-Alpes",
            programme="Tiers-lieux et territoires",
            amount_cents=1_500_000,
            received_on=back(45),
            period_start=start,
            period_end=end,
        ),
        IncomeSpec(
            kind=IncomeKind.DONATION,
            label="Don pour l’atelier de réparation",
            payer="Fondation locale",
            amount_cents=80_000,
            received_on=back(40),
        ),
        IncomeSpec(
            kind=IncomeKind.DUES,
            label="Cotisations de l’association",
            payer="Membres de l’association",
            amount_cents=120_000,
            received_on=back(60),
            period_start=start,
            period_end=end,
        ),
    ]
    # Today's, still open: the treasurer may correct it.
    specs.append(
        IncomeSpec(
            kind=IncomeKind.DONATION,
            label="Don déposé à l’accueil",
            payer="Anonyme",
            amount_cents=5_000,
            received_on=today,
        )
    )
    for months_back in (3, 2):
        specs.append(
            IncomeSpec(
                kind=IncomeKind.PARTNER_SERVICES,
                label="Prestations de la coopérative",
                payer="OpenScop",
                amount_cents=2_400_000,
                received_on=back(30 * months_back),
            )
        )
    return specs


BUDGET: dict[str, int | None] = {
    Source.SUBSCRIPTION: 1_800_000,
    Source.TICKET_BOOK: 600_000,
    Source.DAY_PASS: 300_000,
    Source.BOOKING: 400_000,
    Source.EVENT: 100_000,
    Source.PARTNER_SERVICES: 12_000_000,
    Source.GRANT: 6_500_000,
    Source.DONATION: 100_000,
    Source.DUES: 150_000,
}


def load_economy(place: Place, treasurer: Person) -> None:
    """Recorded once (the demo loads again without doubling), before the periods close."""
    today = timezone.localdate()
    if not OtherIncome.objects.filter(place=place).exists():
        for spec in _specs(today):
            income_record(place=place, spec=spec, by=treasurer)
    if not Budget.objects.filter(place=place, year=today.year).exists():  # once, as the rest
        budget_set(place=place, year=today.year, amounts=BUDGET, by=treasurer)
