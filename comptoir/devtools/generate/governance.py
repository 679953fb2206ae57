"""The generated network's governance and Cigales: per place, a general assembly of up to
250 of its members, 300 decided proposals in its register (with their positions), one open
proposal with 200 positions, two past meetings with minutes; and a Cigale of 20 members with
two years of monthly savings and a few investments. Written in bulk (the ledger's balances
computed here, as the services would)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from comptoir.cigale.models import Club, Entry, Investment, Pledge
from comptoir.community.models import PlaceRole
from comptoir.core.bulk import sql_delete
from comptoir.governance.models import (
    Attendance,
    Body,
    Change,
    Meeting,
    Membership,
    Option,
    Position,
    Proposal,
)
from comptoir.places.models import Place
from comptoir.publishing.models import Page

DECIDED = 300
OPEN_POSITIONS = 200
ASSEMBLY = 250
CIGALE = 20


class GovernanceGenerator:
    def __init__(self, gen: Any, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places

    def write(self) -> None:
        for place in self.places:
            members = list(
                PlaceRole.objects.filter(place=place)
                .order_by("person_id")
                .values_list("person_id", flat=True)
                .distinct()[:ASSEMBLY]
            )
            if len(members) >= 5:  # a Cigale needs five
                self._place(place, members)

    def _place(self, place: Place, members: list[int]) -> None:
        now = timezone.now()
        body = Body.objects.create(
            kind=Body.Kind.GENERAL_ASSEMBLY,
            name="Assemblée générale",
            place=place,
            quorum_percent=25,
            majority_percent=50,
            proxy_limit=2,
        )
        Membership.objects.bulk_create(Membership(body=body, person_id=pid) for pid in members)
        author = members[0]
        decided = [
            Proposal(
                body=body,
                author_id=author,
                question=f"Décision n° {i + 1} : {self.rng.choice(TOPICS)} ?",
                context="Proposée en assemblée.",
                process="consent",
                closes_at=now - timedelta(days=3 * (i + 1)),
                closed_at=now - timedelta(days=3 * (i + 1)),
                status=Proposal.Status.CLOSED,
                outcome=self.rng.choice([Proposal.Outcome.ADOPTED, Proposal.Outcome.REJECTED]),
                outcome_text="Relevé de décision publié.",
                published_at=now - timedelta(days=3 * (i + 1)),
            )
            for i in range(DECIDED)
        ]
        self.gen.bulk(Proposal, decided)
        open_one = Proposal.objects.create(
            body=body,
            author_id=author,
            question="Ouvrir le dimanche ?",
            context="Une proposition très suivie.",
            process="consent",
            closes_at=now + timedelta(days=7),
        )
        stances = ["agree", "agree", "agree", "abstain", "object"]
        positions = []
        for pid in members[:OPEN_POSITIONS]:
            stance = self.rng.choice(stances)
            positions.append(
                Position(
                    proposal=open_one,
                    person_id=pid,
                    stance=stance,
                    reason="Pas sans chauffage." if stance == "object" else "",
                )
            )
        self.gen.bulk(Position, positions)
        for months_ago in (2, 8):
            meeting = Meeting.objects.create(
                body=body,
                kind="general_assembly",
                title="Assemblée générale",
                starts_at=now - timedelta(days=30 * months_ago),
                minutes="# Compte rendu\n\nQuorum atteint.",
                minutes_published_at=now - timedelta(days=30 * months_ago - 1),
            )
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, person_id=pid) for pid in members[: len(members) // 3]
            )
        self._cigale(place, members[:CIGALE])

    def _cigale(self, place: Place, members: list[int]) -> None:
        today = self.gen.today
        body = Body.objects.create(
            kind=Body.Kind.CIGALE, name="Cigale", place=place, quorum_percent=50
        )
        Membership.objects.bulk_create(Membership(body=body, person_id=pid) for pid in members)
        club = Club.objects.create(
            body=body,
            place=place,
            name=f"Cigale de {place.name}"[:120],
            founded_on=today - timedelta(days=730),
            term_on=today + timedelta(days=1095),
            treasurer_id=members[0],
        )
        pledges = {pid: self.rng.choice([1000, 2000, 3000, 5000]) for pid in members}
        Pledge.objects.bulk_create(
            Pledge(club=club, person_id=p, monthly_cents=c) for p, c in pledges.items()
        )
        balance, entries = 0, []
        for month in range(24, 0, -1):
            day = today - timedelta(days=30 * month)
            for pid, cents in pledges.items():
                balance += cents
                entries.append(
                    Entry(
                        club=club,
                        kind="payment",
                        person_id=pid,
                        amount_cents=cents,
                        balance_after_cents=balance,
                        on=day,
                    )
                )
        for n in range(3):
            proposal = Proposal.objects.create(
                body=body,
                author_id=members[1],
                question=f"Investir dans l'entreprise {n + 1} ?",
                process="consent",
                closes_at=timezone.now() - timedelta(days=200 - 50 * n),
                closed_at=timezone.now() - timedelta(days=200 - 50 * n),
                status=Proposal.Status.CLOSED,
                outcome=Proposal.Outcome.ADOPTED,
            )
            # A quarter of the fund at most: the ledger never goes below zero, whatever the
            # members and pledges drawn.
            amount = min(100_000, balance // 400 * 100)
            investment = Investment.objects.create(
                club=club,
                enterprise=f"Entreprise locale {n + 1}",
                amount_cents=amount,
                form=self.rng.choice(["equity", "loan"]),
                proposal=proposal,
                status=Investment.Status.MADE,
                made_on=today - timedelta(days=190 - 50 * n),
            )
            balance -= amount
            entries.append(
                Entry(
                    club=club,
                    kind="investment",
                    investment=investment,
                    amount_cents=-amount,
                    balance_after_cents=balance,
                    on=today - timedelta(days=190 - 50 * n),
                )
            )
        self.gen.bulk(Entry, entries)
        Club.objects.filter(pk=club.pk).update(balance_cents=balance)


TOPICS = (
    "changer les horaires du samedi",
    "acheter une imprimante 3D",
    "accueillir une AMAP",
    "baisser le prix du carnet",
    "ouvrir un atelier vélo",
    "repeindre la grande salle",
)


def wipe_governance(places: Any) -> None:
    clubs = Club.objects.filter(place__in=places)
    sql_delete(Entry.objects.filter(club__in=clubs))
    sql_delete(Investment.objects.filter(club__in=clubs))
    sql_delete(Pledge.objects.filter(club__in=clubs))
    sql_delete(clubs)
    bodies = Body.objects.filter(place__in=places)
    sql_delete(Attendance.objects.filter(meeting__body__in=bodies))
    sql_delete(Position.objects.filter(proposal__body__in=bodies))
    sql_delete(Change.objects.filter(proposal__body__in=bodies))
    sql_delete(Option.objects.filter(proposal__body__in=bodies))
    Proposal.objects.filter(body__in=bodies).update(winner=None, meeting=None)
    sql_delete(Proposal.objects.filter(body__in=bodies))
    # The documentation's pages of their minutes stay, as a deleted meeting leaves them.
    Page.objects.filter(meeting__body__in=bodies).update(meeting=None)
    sql_delete(Meeting.objects.filter(body__in=bodies))
    sql_delete(Membership.objects.filter(body__in=bodies))
    sql_delete(bodies)
