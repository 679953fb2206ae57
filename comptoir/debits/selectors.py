"""Reads of direct debits: a place's mandates and batches, a batch with its debits."""

from __future__ import annotations

from django.db.models import QuerySet

from comptoir.community.models import Person
from comptoir.debits.models import Batch, Creditor, Debit, Mandate
from comptoir.places.models import Place


def creditor_of_entity(*, organization_id: int | None) -> Creditor | None:
    if organization_id is None:
        return None
    return Creditor.objects.filter(organization_id=organization_id).first()


def mandates_of_place(*, place: Place) -> QuerySet[Mandate]:
    return (
        Mandate.objects.filter(place=place)
        .select_related("person")
        .order_by("status", "-created_at", "-pk")
    )


def mandate_get(*, pk: int) -> Mandate:
    return Mandate.objects.select_related("place", "person").get(pk=pk)


def batches_of_place(*, place: Place) -> QuerySet[Batch]:
    return Batch.objects.filter(place=place).order_by("-month", "-pk")


def batch_get(*, place: Place, pk: int) -> Batch:
    return Batch.objects.select_related("place").get(place=place, pk=pk)


def debits_of_batch(*, batch: Batch) -> QuerySet[Debit]:
    return (
        Debit.objects.filter(batch=batch)
        .select_related("mandate__person", "order", "payment", "return_payment")
        .order_by("pk")
    )


def debit_get(*, pk: int) -> Debit:
    return Debit.objects.select_related("batch__place").get(pk=pk)


def person_by_email(*, email: str) -> Person | None:
    return Person.objects.filter(email__iexact=email.strip()).first()
