"""The generated network's membership and news: each place's legal entity a cooperative
(calendar year, 20 € fee, 50 € shares), this year's adherents among the people, a share
register of a few hundred associates (every category) with their subscriptions and payments
numbered in order, and a year of announcements per place and for the network."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.core.bulk import sql_delete
from comptoir.membership.models import (
    Associate,
    AssociateCategory,
    Association,
    Membership,
    ShareMovement,
)
from comptoir.news.models import Announcement
from comptoir.places.models import Place

FEE, SHARE = 2000, 5000
ADHERENTS_PER_PLACE = 300
ASSOCIATES_PER_PLACE = 200
NEWS_PER_PLACE = 24
BODY = "Au programme cette quinzaine : **ateliers**, permanences et café partagé."


class MembershipGenerator:
    def __init__(self, gen: Any, places: list[Place], person_ids: Any) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places
        self.person_ids = list(person_ids)

    def write(self) -> None:
        for place in self.places:
            if place.legal_entity_id is None:
                continue
            if Association.objects.filter(organization_id=place.legal_entity_id).exists():
                continue  # two places of one entity share its association
            association = Association.objects.create(
                organization_id=place.legal_entity_id,
                fee_cents=FEE,
                is_cooperative=True,
                share_price_cents=SHARE,
            )
            self.memberships(association, place)
            self.shares(association)
        self.news()

    def memberships(self, association: Association, place: Place) -> None:
        year = self.gen.today.year
        people = self.rng.sample(self.person_ids, min(ADHERENTS_PER_PLACE, len(self.person_ids)))
        self.gen.bulk(
            Membership,
            [
                Membership(
                    association=association,
                    place=place,
                    person_id=person_id,
                    number=number,
                    starts_on=dt.date(year, 1, 1),
                    ends_on=dt.date(year, 12, 31),
                    fee_cents=FEE,
                )
                for number, person_id in enumerate(people, 1)
            ],
        )
        association.last_card_number = len(people)
        association.save(update_fields=["last_card_number"])

    def shares(self, association: Association) -> None:
        people = self.rng.sample(self.person_ids, min(ASSOCIATES_PER_PLACE, len(self.person_ids)))
        categories = AssociateCategory.values
        holdings = [(pid, self.rng.randint(1, 20), self.rng.random() < 0.8) for pid in people]
        self.gen.bulk(
            Associate,
            [
                Associate(
                    association=association,
                    person_id=pid,
                    category=self.rng.choice(categories),
                    shares_held=shares,
                    unpaid_cents=0 if paid else shares * SHARE,
                )
                for pid, shares, paid in holdings
            ],
        )
        ids = dict(association.associates.values_list("person_id", "pk"))
        movements, number = [], 0
        day = self.gen.today - dt.timedelta(days=365)
        for pid, shares, paid in holdings:
            number += 1
            common = {"association": association, "associate_id": ids[pid], "on": day}
            movements.append(
                ShareMovement(
                    number=number,
                    kind="subscribed",
                    shares=shares,
                    amount_cents=shares * SHARE,
                    **common,
                )
            )
            if paid:
                number += 1
                movements.append(
                    ShareMovement(number=number, kind="paid", amount_cents=shares * SHARE, **common)
                )
        self.gen.bulk(ShareMovement, movements)
        association.last_movement_number = number
        association.save(update_fields=["last_movement_number"])

    def news(self) -> None:
        rows = []
        for place in self.places:
            for i in range(NEWS_PER_PLACE):
                rows.append(
                    Announcement(
                        place=place,
                        title=f"Nouvelles de {place.name} n° {i + 1}",
                        body=BODY,
                        published_at=self.gen.now - dt.timedelta(days=15 * i),
                    )
                )
        if self.places:
            network = self.places[0].network
            rows += [
                Announcement(
                    network=network,
                    title=f"Lettre du réseau n° {i + 1}",
                    body="Les nouvelles du *réseau*.",
                    published_at=self.gen.now - dt.timedelta(days=30 * i),
                )
                for i in range(12)
            ]
        self.gen.bulk(Announcement, rows)


def wipe_membership(places: Any) -> None:
    entities = places.values("legal_entity_id")
    sql_delete(ShareMovement.objects.filter(association__organization_id__in=entities))
    sql_delete(Associate.objects.filter(association__organization_id__in=entities))
    sql_delete(Membership.objects.filter(place__in=places))
    sql_delete(Association.objects.filter(organization_id__in=entities))
    sql_delete(Announcement.objects.filter(place__in=places))
    sql_delete(Announcement.objects.filter(network__places__in=places))
