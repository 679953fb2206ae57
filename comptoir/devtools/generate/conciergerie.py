"""The generated network's conciergerie: each place's catalogue (the demo's seven
services), a year of requests at every step (the last weeks' still open, in the desk's
queue), with a message on some, and parcels (the last days' waiting at the desk, the older
ones handed over or, a few, returned to their sender), so that the queue and the parcel log
are measured with data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.community.models import CONCIERGE_ROLES, PlaceRole
from comptoir.conciergerie.models import Message, Parcel, Request, Service
from comptoir.core.bulk import sql_delete
from comptoir.devtools.demo.conciergerie import CATALOGUE
from comptoir.places.models import Place

REQUESTS_PER_PLACE = 400
PARCELS_PER_PLACE = 300
CARRIERS = ("La Poste", "Colissimo", "Chronopost", "DPD", "Mondial Relay", "UPS")


class ConciergerieGenerator:
    def __init__(self, gen: Any, places: list[Place], person_ids: Any) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places
        self.person_ids = person_ids

    def write(self) -> None:
        services = self.catalogue()
        concierges = self.concierges()
        self.requests(services, concierges)
        self.parcels(concierges)

    def catalogue(self) -> dict[int, list[Service]]:
        rows = [
            Service(
                place=place,
                kind=demo.kind,
                name=demo.name,
                description=demo.description,
                price_cents=demo.price_cents,
                delay_hours=demo.delay_hours,
                roles=[str(role) for role in demo.roles],
                open_to_neighbours=demo.open_to_neighbours,
            )
            for place in self.places
            for demo in CATALOGUE
        ]
        self.gen.bulk(Service, rows)
        by_place: dict[int, list[Service]] = {}
        for service in Service.objects.filter(place__in=self.places):
            by_place.setdefault(service.place_id, []).append(service)
        return by_place

    def concierges(self) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        roles = PlaceRole.objects.filter(place__in=self.places, role__in=CONCIERGE_ROLES)
        for place_id, person_id in roles.values_list("place_id", "person_id"):
            found.setdefault(place_id, []).append(person_id)
        return found

    def _when(self, days: int) -> dt.datetime:
        return self.gen.now - dt.timedelta(days=self.rng.uniform(0, days))

    def requests(
        self, services: dict[int, list[Service]], concierges: dict[int, list[int]]
    ) -> None:
        rows = []
        for place in self.places:
            staff = concierges.get(place.pk) or [self.rng.choice(self.person_ids)]
            for _n in range(REQUESTS_PER_PLACE):
                service = self.rng.choice(services[place.pk])
                at = self._when(365)
                recent = self.gen.now - at < dt.timedelta(days=14)
                status = self.rng.choice(
                    ["new", "taken"] if recent else ["done"] * 8 + ["refused", "cancelled"]
                )
                owner = self.rng.choice(staff) if status in ("taken", "done") else None
                rows.append(
                    Request(
                        place=place,
                        service=service,
                        requester_id=self.rng.choice(self.person_ids),
                        details="Merci d’avance !",
                        status=status,
                        assignee_id=owner,
                        taken_at=at + dt.timedelta(hours=1) if owner else None,
                        closed_at=at + dt.timedelta(days=1) if not recent else None,
                        price_cents=service.price_cents,
                        created_at=at,
                    )
                )
        self.gen.bulk(Request, rows)
        taken = Request.objects.filter(place__in=self.places, status="taken")
        messages = [
            Message(request_id=pk, author_id=owner, body="C’est noté, je m’en occupe.")
            for pk, owner in taken.values_list("pk", "assignee_id")
        ]
        self.gen.bulk(Message, messages)

    def parcels(self, concierges: dict[int, list[int]]) -> None:
        rows = []
        for place in self.places:
            staff: list[int | None] = [*concierges.get(place.pk, [])] or [None]
            for _n in range(PARCELS_PER_PLACE):
                at = self._when(120)
                age = self.gen.now - at
                if age < dt.timedelta(days=5):
                    status = Parcel.Status.WAITING
                elif self.rng.random() < 0.05:
                    status = Parcel.Status.RETURNED
                else:
                    status = Parcel.Status.HANDED_OVER
                handed = status == Parcel.Status.HANDED_OVER
                rows.append(
                    Parcel(
                        place=place,
                        addressee_id=self.rng.choice(self.person_ids),
                        carrier=self.rng.choice(CARRIERS),
                        shelf=f"{self.rng.choice('ABCD')}{self.rng.randrange(1, 6)}",
                        status=status,
                        arrived_at=at,
                        logged_by_id=self.rng.choice(staff),
                        handed_over_at=at + dt.timedelta(days=self.rng.uniform(0, 4))
                        if handed
                        else None,
                        handed_over_by_id=self.rng.choice(staff) if handed else None,
                        collected_by="" if not handed else "Le destinataire",
                        returned_at=at + dt.timedelta(days=14)
                        if status == Parcel.Status.RETURNED
                        else None,
                        created_at=at,
                    )
                )
        self.gen.bulk(Parcel, rows)


def wipe_conciergerie(places: Any) -> None:
    sql_delete(Message.objects.filter(request__place__in=places))
    sql_delete(Request.objects.filter(place__in=places))
    sql_delete(Parcel.objects.filter(place__in=places))
    sql_delete(Service.objects.filter(place__in=places))
