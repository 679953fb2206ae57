"""The generated network's library of things and Give Box: per place, lendable items with a
year of loans each (consecutive, never overlapping, a few out now, some late) borrowed by
the place's members, and a year of Give Box objects (most taken, the latest still offered),
so that the catalogue, an item's page and the Give Box page are measured with data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from comptoir.community.models import PlaceRole
from comptoir.core.bulk import sql_delete
from comptoir.givebox.models import EXPIRY_DAYS, Gift
from comptoir.lending.models import DamageNote, Item, Loan
from comptoir.places.models import Place

ITEMS_PER_PLACE = 60
LOANS_PER_ITEM = 25
GIFTS_PER_PLACE = 400
NAMES = ("Perceuse", "Vidéoprojecteur", "Appareil photo", "Jeu de société", "Scie", "Enceinte")


class LendingGenerator:
    def __init__(self, gen: Any, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places

    def write(self) -> None:
        for place in self.places:
            members = list(
                PlaceRole.objects.filter(place=place).values_list("person_id", flat=True)[:500]
            )
            if members:
                self.library(place, members)
            self.give_box(place)

    def library(self, place: Place, members: list[int]) -> None:
        categories = [c for c, _label in Item.Category.choices]
        items = [
            Item(
                place=place,
                name=f"{NAMES[n % len(NAMES)]} {n + 1}",
                category=categories[n % len(categories)],
                deposit_cents=self.rng.choice((0, 2000, 5000, 15000)),
                max_loan_days=self.rng.choice((3, 7, 14)),
            )
            for n in range(ITEMS_PER_PLACE)
        ]
        self.gen.bulk(Item, items)
        today = self.gen.today
        loans: list[Loan] = []
        for item in Item.objects.filter(place=place).order_by("pk"):
            end = today + dt.timedelta(days=self.rng.randrange(-3, 10))
            for n in range(LOANS_PER_ITEM):
                start = end - dt.timedelta(days=self.rng.randrange(1, item.max_loan_days))
                ahead = start > today
                now_out = start <= today <= end or (n == 0 and end < today)
                status = "reserved" if ahead else ("out" if now_out and n == 0 else "returned")
                loans.append(
                    Loan(
                        item=item,
                        borrower_id=self.rng.choice(members),
                        starts_on=start,
                        due_on=end,
                        status=status,
                        returned_at=None if status != "returned" else _noon(end),
                        checked_out_at=None if status == "reserved" else _noon(start),
                    )
                )
                end = start - dt.timedelta(days=self.rng.randrange(1, 12))
        self.gen.bulk(Loan, loans)

    def give_box(self, place: Place) -> None:
        now = timezone.now()
        categories = [c for c, _label in Gift.Category.choices]
        gifts = []
        for n in range(GIFTS_PER_PLACE):
            posted = now - dt.timedelta(hours=n * 20 + self.rng.randrange(0, 10))
            recent = posted > now - dt.timedelta(days=EXPIRY_DAYS)
            taken = not recent and self.rng.random() < 0.8
            status = "available" if recent else ("taken" if taken else "expired")
            gifts.append(
                Gift(
                    place=place,
                    title=f"Objet donné {n + 1}",
                    category=categories[n % len(categories)],
                    where="box",
                    status=status,
                    created_at=posted,
                    expires_at=posted + dt.timedelta(days=EXPIRY_DAYS),
                    taken_at=posted + dt.timedelta(days=2) if taken else None,
                )
            )
        self.gen.bulk(Gift, gifts)


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def wipe_lending(places: Any) -> None:
    sql_delete(DamageNote.objects.filter(item__place__in=places))
    sql_delete(Loan.objects.filter(item__place__in=places))
    sql_delete(Item.objects.filter(place__in=places))
    sql_delete(Gift.objects.filter(place__in=places))
