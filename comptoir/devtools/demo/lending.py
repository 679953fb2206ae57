"""The library of things and the Give Box of the demo: at the Comptoir Numérique, a
projector (Nina has it, two days late), a drill Rosa lends through the place (Olivier reserved
it for next week), a camera and a board game, with past loans for the statistics; at Le
Mixeur, a sewing machine. The Give Box holds a few objects (one reserved, one to collect),
and what left in the last months feeds its figures. Loaded once (skipped when the place
already has items)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from comptoir.community.models import Person
from comptoir.givebox import services as givebox
from comptoir.givebox.models import Gift
from comptoir.lending import services
from comptoir.lending.models import Item, Loan
from comptoir.places.models import Place

ITEMS = [
    # (name, category, deposit in euros, longest loan in days, owner's email or None)
    ("Vidéoprojecteur Epson", "audiovisual", 150, 7, None),
    ("Perceuse-visseuse", "tool", 50, 5, "rosa@comptoir.test"),
    ("Appareil photo reflex", "camera", 200, 4, None),
    ("Les Aventuriers du Rail", "game", 0, 14, None),
]
GIFTS = [
    # (title, category, where, contact, days ago, status)
    ("Romans policiers (un carton)", "books", "box", "", 2, "available"),
    ("Bouilloire électrique", "appliance", "box", "", 5, "available"),
    ("Petite commode en pin", "furniture", "collect", "06 12 34 56 78", 1, "available"),
    ("Manteau d'enfant, 8 ans", "clothes", "box", "", 20, "taken"),
    ("Puzzle 1000 pièces", "toys", "box", "", 40, "taken"),
    ("Service à thé", "kitchen", "box", "", 45, "taken"),
]


def _person(email: str) -> Person:
    return Person.objects.get(email=email)


def _push_back(loan: Loan, *, starts_ago: int, due_ago: int) -> None:
    """Date a demo loan in the past (the services refuse past dates, rightly)."""
    today = services.place_today(loan.item.place)
    Loan.objects.filter(pk=loan.pk).update(
        starts_on=today - timedelta(days=starts_ago), due_on=today - timedelta(days=due_ago)
    )
    loan.refresh_from_db()


def load_lending(main: Place, other: Place | None, by: Person) -> None:
    if Item.objects.filter(place=main).exists():
        return
    items = {
        name: services.item_create(
            place=main,
            name=name,
            category=category,
            deposit_cents=deposit * 100,
            max_loan_days=days,
            owner=_person(owner) if owner else None,
            by=by,
        )
        for name, category, deposit, days, owner in ITEMS
    }
    today = services.place_today(main)
    nina, rosa, olivier = (_person(f"{n}@comptoir.test") for n in ("nina", "rosa", "olivier"))
    projector, drill = items["Vidéoprojecteur Epson"], items["Perceuse-visseuse"]
    for weeks in (3, 5, 8):  # past loans, for the statistics
        past = services.loan_lend_now(item=projector, borrower=rosa, due_on=today, by=by)
        _push_back(past, starts_ago=7 * weeks + 3, due_ago=7 * weeks)
        services.loan_return(loan=past, by=by)
    late = services.loan_lend_now(item=projector, borrower=nina, due_on=today, by=by)
    _push_back(late, starts_ago=5, due_ago=2)
    services.loan_reserve(
        item=drill,
        borrower=olivier,
        starts_on=today + timedelta(days=7),
        due_on=today + timedelta(days=9),
        by=olivier,
    )
    services.loan_reserve(
        item=items["Les Aventuriers du Rail"],
        borrower=nina,
        starts_on=today,
        due_on=today + timedelta(days=6),
        by=nina,
    )
    if other is not None and not Item.objects.filter(place=other).exists():
        services.item_create(place=other, name="Machine à coudre", category="other", by=None)


def load_givebox(main: Place, by: Person) -> None:
    if Gift.objects.filter(place=main).exists():
        return
    now = timezone.now()
    for title, category, where, contact, days_ago, status in GIFTS:
        gift = givebox.gift_post(
            place=main, title=title, category=category, where=where, contact=contact, by=None
        )
        posted = now - timedelta(days=days_ago)
        Gift.objects.filter(pk=gift.pk).update(
            created_at=posted, expires_at=posted + timedelta(days=21)
        )
        if status == "taken":
            givebox.gift_mark_taken(gift=gift, by=by)
            Gift.objects.filter(pk=gift.pk).update(taken_at=posted + timedelta(days=1))
    first = Gift.objects.filter(place=main, status="available").order_by("pk").first()
    if first is not None:
        givebox.gift_reserve(gift=first, name="Aïcha", by=None)
