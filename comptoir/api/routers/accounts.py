"""The accounts of a place's legal entity, for its treasurers and the network admins: its
closings (list, close a period) and its FEC of a fiscal year."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.openapi import media
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, InSchema, Slug
from comptoir.community import permissions
from comptoir.core.exceptions import NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.invoicing import closing_selectors, fec
from comptoir.invoicing.closings import NoAccounts
from comptoir.invoicing.models import Closing, ClosingKind
from comptoir.invoicing.services.closings import closing_close
from comptoir.places.models import Place

router = Router(tags=["accounts"])


class ClosingIn(InSchema):
    kind: ClosingKind = Field(description="day, month or year")
    day: SupportedDate = Field(description="Any day of the period to close.")


class ClosingOut(Schema):
    id: int
    kind: str
    period_start: date
    period_end: date
    invoiced: list[dict[str, int]]
    credited: list[dict[str, int]]
    received: list[dict[str, Any]]
    invoice_count: int
    credit_note_count: int
    payment_count: int
    invoiced_cents: int
    credited_cents: int
    received_cents: int
    last_invoice_number: str
    last_invoice_hash: str
    last_credit_note_number: str
    last_credit_note_hash: str
    last_payment_number: str
    last_payment_hash: str
    chain_position: int
    previous_hash: str
    hash: str
    created_at: datetime


class FecQuery(Schema):
    year: int | None = Field(
        None,
        ge=1900,
        le=2199,
        description="The fiscal year (the calendar year); this year's by default.",
    )


def _entity_of(user: Any, slug: str) -> tuple[Place, int]:
    """The place and its legal entity, for those who keep its accounts (a place without one
    has no accounts: 409)."""
    place = place_get_active(slug=slug)
    if not permissions.can_keep_accounts(user, place.pk):
        raise NotAllowed()
    if place.legal_entity_id is None:
        raise NoAccounts(field="slug")
    return place, place.legal_entity_id


@router.get(
    "/places/{slug}/closings", response={200: list[ClosingOut], 409: ErrorOut, **READ_ERRORS}
)
@paginate(Pagination)
def list_closings(request: AuthedApiRequest, slug: Slug) -> QuerySet[Closing]:
    """The closings of the place's legal entity, the latest first (its treasurers)."""
    _place, entity_id = _entity_of(request.auth, slug)
    return closing_selectors.closings_of_entity(seller_id=entity_id)


@router.post("/places/{slug}/closings", response={201: ClosingOut, **WRITE_ERRORS})
def close_period(request: AuthedApiRequest, slug: Slug, payload: ClosingIn) -> Status:
    """Close the day, month or year holding `day` (its treasurers): a month closes its open
    days first, a year needs its months closed; only an ended period."""
    _place, entity_id = _entity_of(request.auth, slug)
    closing = closing_close(
        seller_id=entity_id, kind=payload.kind, day=payload.day, by=request.auth
    )
    return Status(201, closing)


@router.get(
    "/places/{slug}/fec",
    response={200: str, 409: ErrorOut, **READ_ERRORS},
    openapi_extra=media("text/plain"),
)
def export_fec(request: AuthedApiRequest, slug: Slug, query: Query[FecQuery]) -> HttpResponse:
    """The FEC of the place's legal entity for a fiscal year (`text/plain`, tab-separated,
    named `<SIREN>FEC<YYYYMMDD>.txt`): its treasurers."""
    place, entity_id = _entity_of(request.auth, slug)
    year = query.year or timezone.localdate().year
    text = fec.render(fec.rows_of_year(seller_id=entity_id, year=year))
    response = HttpResponse(text.encode(), content_type="text/plain; charset=utf-8")
    siren = (place.legal_entity.siret if place.legal_entity else "")[:9]
    name = fec.file_name(siren=siren, year=year)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
