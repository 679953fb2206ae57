"""SEPA direct debits of a place, for its concierges and treasurers: mandates (list, record,
revoke), the entity's creditor details (its treasurers), the monthly batches (list, prepare,
detail, the pain.008 file) and returned debits."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StringConstraints

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.openapi import media
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, InSchema, Slug
from comptoir.community import permissions
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.debits import selectors, services
from comptoir.debits.exceptions import MonthInvalid
from comptoir.debits.models import Batch, Debit, Mandate, ReturnReason
from comptoir.places.models import Place

router = Router(tags=["direct debits"])

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$", max_length=7)]


class MandateIn(InSchema):
    person_id: int = Field(description="The person whose account is debited.")
    iban: str = Field(max_length=50)
    bic: str = Field("", max_length=20, description="Found from the IBAN when empty.")
    debtor_name: str = Field("", max_length=70, description="The person's name when empty.")
    signed_on: SupportedDate | None = Field(
        None, description="The date the mandate was signed (required, today or before)."
    )
    reference: str = Field("", max_length=35, description="The RUM; made when empty.")


class MandateOut(Schema):
    id: int
    person_id: int
    reference: str
    debtor_name: str
    iban: str
    bic: str
    signed_on: dt.date
    status: str
    first_debit_sent: bool
    revoked_at: dt.datetime | None


class CreditorIn(InSchema):
    creditor_id: str = Field(max_length=40, description="The SEPA creditor identifier (ICS).")
    iban: str = Field(max_length=50)
    bic: str = Field("", max_length=20, description="Found from the IBAN when empty.")


class CreditorOut(Schema):
    creditor_id: str
    iban: str
    bic: str


class BatchIn(InSchema):
    month: Month = Field(description="YYYY-MM: from a year ago to the next month.")


class BatchOut(Schema):
    id: int
    month: dt.date
    collection_date: dt.date
    message_id: str
    total_cents: int
    debit_count: int
    created_at: dt.datetime


class DebitOut(Schema):
    id: int
    mandate_id: int
    order_id: int
    amount_cents: int
    sequence_type: str
    end_to_end_id: str
    status: str
    return_reason: str
    returned_on: dt.date | None


class BatchDetailOut(BatchOut):
    debits: list[DebitOut]


class ReturnIn(InSchema):
    reason: ReturnReason = Field(description="The SEPA reason code the bank gave.")
    returned_on: SupportedDate | None = Field(None, description="Today when left out.")


def _place(user: Any, slug: str) -> Place:
    place = place_get_active(slug=slug)
    if not permissions.can_collect_debits(user, place.pk):
        raise NotAllowed()
    return place


@router.get("/places/{slug}/sepa-mandates", response={200: list[MandateOut], **READ_ERRORS})
@paginate(Pagination)
def list_mandates(request: AuthedApiRequest, slug: Slug) -> QuerySet[Mandate]:
    """The place's SEPA mandates, active first (its concierges and treasurers)."""
    return selectors.mandates_of_place(place=_place(request.auth, slug))


@router.post("/places/{slug}/sepa-mandates", response={201: MandateOut, **WRITE_ERRORS})
def create_mandate(request: AuthedApiRequest, slug: Slug, payload: MandateIn) -> Status:
    """Record a mandate a person signed: IBAN and BIC checked, a signature date today or
    before, one active mandate per person and place, its reference (RUM) unique."""
    place = _place(request.auth, slug)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise InvalidInput(_("Unknown person."), field="person_id")
    mandate = services.mandate_create(
        place=place,
        person=person,
        iban=payload.iban,
        bic=payload.bic,
        debtor_name=payload.debtor_name,
        signed_on=payload.signed_on,
        reference=payload.reference,
        by=request.auth,
    )
    return Status(201, mandate)


@router.post(
    "/places/{slug}/sepa-mandates/{mandate_id}/revoke",
    response={200: MandateOut, **WRITE_ERRORS},
)
def revoke_mandate(request: AuthedApiRequest, slug: Slug, mandate_id: int) -> Mandate:
    """Revoke a mandate: its holder is no longer debited."""
    place = _place(request.auth, slug)
    mandate = Mandate.objects.get(pk=mandate_id, place=place)
    return services.mandate_revoke(mandate=mandate, by=request.auth)


@router.put("/places/{slug}/sepa-creditor", response={200: CreditorOut, **WRITE_ERRORS})
def set_creditor(request: AuthedApiRequest, slug: Slug, payload: CreditorIn) -> Any:
    """The SEPA creditor details of the place's legal entity (its treasurers)."""
    place = _place(request.auth, slug)
    if not permissions.can_keep_accounts(request.auth, place.pk):
        raise NotAllowed()
    if place.legal_entity is None:
        raise InvalidInput(_("This place has no legal entity: it has no accounts."), field="slug")
    return services.creditor_set(
        organization=place.legal_entity,
        creditor_id=payload.creditor_id,
        iban=payload.iban,
        bic=payload.bic,
        by=request.auth,
    )


@router.get("/places/{slug}/debit-batches", response={200: list[BatchOut], **READ_ERRORS})
@paginate(Pagination)
def list_batches(request: AuthedApiRequest, slug: Slug) -> QuerySet[Batch]:
    """The place's monthly direct-debit batches, the latest first."""
    return selectors.batches_of_place(place=_place(request.auth, slug))


@router.post("/places/{slug}/debit-batches", response={201: BatchOut, **WRITE_ERRORS})
def create_batch(request: AuthedApiRequest, slug: Slug, payload: BatchIn) -> Status:
    """Prepare the month's batch, once: each pending subscription order of a person with an
    active mandate is paid by direct debit; 409 when the month was done or nothing is due."""
    place = _place(request.auth, slug)
    try:
        month = dt.date.fromisoformat(f"{payload.month}-01")
    except ValueError as invalid:
        raise MonthInvalid(field="month") from invalid
    return Status(201, services.batch_create(place=place, month=month, by=request.auth))


@router.get(
    "/places/{slug}/debit-batches/{batch_id}", response={200: BatchDetailOut, **READ_ERRORS}
)
def get_batch(request: AuthedApiRequest, slug: Slug, batch_id: int) -> dict[str, Any]:
    """A batch with its debits."""
    batch = selectors.batch_get(place=_place(request.auth, slug), pk=batch_id)
    debits = list(selectors.debits_of_batch(batch=batch))
    return {**BatchOut.from_orm(batch).dict(), "debits": debits}


@router.get(
    "/places/{slug}/debit-batches/{batch_id}/pain008",
    response={200: str, 404: ErrorOut, **READ_ERRORS},
    openapi_extra=media("application/xml"),
)
def batch_file(request: AuthedApiRequest, slug: Slug, batch_id: int) -> HttpResponse:
    """The batch's SEPA pain.008.001.02 file, for the bank."""
    batch = selectors.batch_get(place=_place(request.auth, slug), pk=batch_id)
    response = HttpResponse(batch.xml.encode(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.file_name}"'
    return response


@router.post("/places/{slug}/debits/{debit_id}/return", response={200: DebitOut, **WRITE_ERRORS})
def return_debit(request: AuthedApiRequest, slug: Slug, debit_id: int, payload: ReturnIn) -> Debit:
    """The bank returned this debit unpaid: its payment is reversed, its order due again."""
    place = _place(request.auth, slug)
    debit = Debit.objects.get(pk=debit_id, batch__place=place)
    return services.debit_return(
        debit=debit, reason=payload.reason, returned_on=payload.returned_on, by=request.auth
    )
