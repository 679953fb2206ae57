"""Reads of the conciergerie: a place's catalogue, the desk's queue of requests, a request
with its messages, a person's requests and parcels, the parcel log of a place."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum

from comptoir.billing.models import Order
from comptoir.community.models import Person
from comptoir.conciergerie.models import Message, Parcel, Request, Service
from comptoir.places.models import Place


def services_of_place(*, place: Place, offered_only: bool = True) -> QuerySet[Service]:
    services = Service.objects.filter(place=place)
    return services.filter(is_active=True) if offered_only else services


def service_get(*, place: Place, pk: int) -> Service:
    return Service.objects.select_related("place").get(place=place, pk=pk)


def request_queue(*, place: Place, status: str = "") -> QuerySet[Request]:
    """The desk's queue: open requests first (new ones, then taken), the oldest first;
    `status` narrows it to one status."""
    requests = Request.objects.filter(place=place).select_related(
        "service", "requester", "assignee"
    )
    if status:
        return requests.filter(status=status).order_by("created_at", "pk")
    return requests.open().order_by("status", "created_at", "pk")  # "new" before "taken"


def queue_counts(*, place: Place) -> dict[str, int]:
    """{status: count} of the place's requests, in one query."""
    counts = Request.objects.filter(place=place).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Request.Status.values}
    )
    return {status: counts[status] or 0 for status in Request.Status.values}


def request_get(*, pk: int) -> Request:
    return Request.objects.select_related("service", "place", "requester", "assignee", "order").get(
        pk=pk
    )


def messages_of(*, request: Request) -> QuerySet[Message]:
    return (
        Message.objects.filter(request=request)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def requests_of_person(*, person: Person) -> QuerySet[Request]:
    return (
        Request.objects.filter(requester=person)
        .select_related("service", "place", "assignee")
        .order_by("-created_at", "-pk")
    )


def parcel_log(*, place: Place, waiting_only: bool = False) -> QuerySet[Parcel]:
    parcels = Parcel.objects.filter(place=place).select_related("addressee", "handed_over_by")
    if waiting_only:
        parcels = parcels.waiting()
    return parcels.order_by("-arrived_at", "-pk")


def parcel_get(*, place: Place, pk: int) -> Parcel:
    return Parcel.objects.select_related("place", "addressee").get(place=place, pk=pk)


def parcels_of_person(*, person: Person) -> QuerySet[Parcel]:
    return (
        Parcel.objects.filter(addressee=person)
        .select_related("place", "handed_over_by")
        .order_by("-arrived_at", "-pk")
    )


WAITING_KEY = "conciergerie:parcels-waiting:{place_id}"
WAITING_TTL_S = 3600


def parcels_waiting_by_person(*, place_id: int) -> dict[int, list[str]]:
    """{person id: the shelves of their parcels waiting at the place's desk}. Read at every
    check-in at the desk (`presence.desk`), whose query budget is tight: kept in the cache
    (no query with Redis), forgotten when a parcel of the place arrives or leaves."""
    key = WAITING_KEY.format(place_id=place_id)
    found: dict[int, list[str]] | None = cache.get(key)
    if found is None:
        found = {}
        rows = Parcel.objects.waiting().filter(place_id=place_id).order_by("arrived_at", "pk")
        for person_id, shelf in rows.values_list("addressee_id", "shelf"):
            found.setdefault(person_id, []).append(shelf)
        cache.set(key, found, timeout=WAITING_TTL_S)
    return found


def forget_parcels_waiting(*, place_id: int) -> None:
    """Drop the place's cached parcels once the transaction that changed them commits."""
    key = WAITING_KEY.format(place_id=place_id)
    transaction.on_commit(partial(cache.delete, key))


def person_by_email(*, email: str) -> Person | None:
    email = email.strip()
    if not email:
        return None
    return Person.objects.filter(email__iexact=email, is_active=True).first()


def done_by_service(
    *, place: Place, low: dt.datetime, high: dt.datetime
) -> list[tuple[str, int, int]]:
    """The requests closed as done in [low, high), per service name: how many, and the
    price billed for them (their orders' totals, cancelled orders apart). One query."""
    billed = Q(order__isnull=False) & ~Q(order__status=Order.Status.CANCELLED)
    rows = (
        Request.objects.filter(
            place=place, status=Request.Status.DONE, closed_at__gte=low, closed_at__lt=high
        )
        .order_by()
        .values_list("service__name")
        .annotate(done=Count("pk"), cents=Sum("order__total_cents", filter=billed))
        .order_by("service__name")
    )
    return [(name, done, cents or 0) for name, done, cents in rows]
