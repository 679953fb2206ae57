"""A Cigale at the Comptoir Numérique: six members (Rosa, its treasurer, with Nina, Théo,
Olivier, Paul and Samir), their monthly pledges, three months of savings, and a loan to
the Atelier vélo du Crêt decided by the club (consent) and paid out of the fund, with a
first repayment."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from comptoir.cigale import services
from comptoir.cigale.models import Club
from comptoir.community.models import Person
from comptoir.governance.services.proposals import position_take, proposal_close
from comptoir.places.models import Place

MEMBERS = ["rosa", "nina", "theo", "olivier", "paul", "samir"]
PLEDGES = [3000, 2000, 5000, 2500, 1500, 2000]


def load_cigale(place: Place) -> Club | None:
    if Club.objects.filter(place=place).exists():
        return None
    people = {
        p.email.split("@")[0]: p for p in Person.objects.filter(email__endswith="@comptoir.test")
    }
    members = [people[name] for name in MEMBERS]
    today = timezone.localdate()
    club = services.club_create(
        place=place,
        name="Cigale du Crêt de Roc",
        founders=members,
        treasurer=people["rosa"],
        founded_on=date(today.year - 1, 1, 1),
        term_on=date(today.year + 4, 1, 1),
        by=None,
    )
    for person, pledge in zip(members, PLEDGES, strict=True):
        services.pledge_set(club=club, person=person, monthly_cents=pledge, by=person)
        for months_ago in (3, 2, 1):
            services.payment_record(
                club=club,
                person=person,
                amount_cents=pledge,
                by=None,
                on=today - timedelta(days=30 * months_ago),
            )
    investment = services.investment_propose(
        club=club,
        by=people["nina"],
        enterprise="Atelier vélo du Crêt",
        amount_cents=20000,
        form="loan",
        closes_at=timezone.now() + timedelta(minutes=5),
        context="Un prêt sur deux ans pour l'outillage de l'atelier associatif.",
    )
    for name in ("rosa", "theo", "olivier", "paul"):
        position_take(proposal=investment.proposal, by=people[name], stance="agree")
    proposal_close(proposal=investment.proposal, by=people["nina"])
    services.investment_make(investment=investment, by=people["rosa"])
    services.investment_receive(
        investment=investment, kind="repayment", amount_cents=2000, by=people["rosa"]
    )
    return club
