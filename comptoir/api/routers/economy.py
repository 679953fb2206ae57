"""The economy of a place and of a network: other income (treasurers write, concierges
read), the budget of a year, the economic model, the sales journal, and the network's
settlement turned into invoices (network admins)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.community import permissions
from comptoir.core import ranges
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.core.spreadsheet_csv import CONTENT_TYPE as CSV_TYPE
from comptoir.economy import journal, outstanding, selectors, services
from comptoir.economy.models import IncomeKind, OtherIncome, Source
from comptoir.economy.selectors import EconomicModel
from comptoir.places.models import Network, Place

router = Router(tags=["economy"])


class IncomeIn(InSchema):
    kind: IncomeKind = Field(description="grant, partner_services, donation, dues or other")
    label: str = Field(min_length=1, max_length=services.LABEL_MAX)
    payer: str = Field(
        min_length=1,
        max_length=services.LABEL_MAX,
        description="The funder of a grant, the partner structure, the donor…",
    )
    programme: str = Field("", max_length=services.LABEL_MAX, description="Required for a grant.")
    amount_cents: int = Field(gt=0, le=ranges.MAX_CENTS, description="Cents, above zero.")
    received_on: SupportedDate
    period_start: SupportedDate | None = Field(None, description="Required for a grant.")
    period_end: SupportedDate | None = Field(None, description="On or after period_start.")
    note: str = Field("", max_length=services.NOTE_MAX)

    def spec(self) -> services.IncomeSpec:
        return services.IncomeSpec(**self.model_dump())


class IncomeOut(Schema):
    id: int
    kind: str
    label: str
    payer: str
    programme: str
    amount_cents: int
    received_on: date
    period_start: date | None
    period_end: date | None
    note: str
    created_at: datetime
    updated_at: datetime


class YearQuery(Schema):
    year: int | None = Field(
        None, ge=1900, le=2199, description="The calendar year; this year's by default."
    )


BudgetCents = Annotated[int, Field(ge=0, le=ranges.MAX_CENTS)]


class BudgetIn(InSchema):
    year: int = Field(ge=1900, le=2199)
    amounts: dict[Source, BudgetCents | None] = Field(
        description="Cents per source (subscription, ticket_book, …, other); null or absent "
        "for no budget line. Replaces the year's budget."
    )


class BudgetOut(Schema):
    year: int
    amounts: dict[str, int]


class SourceOut(Schema):
    source: str
    label: str
    months: list[int] = Field(description="Cents received each month, January first.")
    total_cents: int
    share_bp: int = Field(description="Share of the year's revenue, in basis points.")
    budget_cents: int | None
    gap_cents: int | None = Field(description="Actual minus budget.")


class ModelOut(Schema):
    year: int
    total_cents: int
    month_totals: list[int]
    budget_cents: int
    outstanding_cents: int = Field(description="Still awaited on the orders pending payment.")
    outstanding_orders: int
    sources: list[SourceOut]


class BucketOut(Schema):
    bucket: str = Field(description="0_30, 31_60, 61_90 or over_90 (days of age)")
    cents: int
    count: int


class PlaceOutstandingOut(Schema):
    place: str = Field(description="The place's slug.")
    name: str
    cents: int
    count: int
    buckets: list[BucketOut]


class OutstandingItemOut(Schema):
    order_id: int
    reference: str
    place: str
    buyer_name: str
    since: date
    invoice_number: str | None
    due_cents: int


class OutstandingOut(Schema):
    today: date
    cents: int
    count: int
    places: list[PlaceOutstandingOut]
    oldest: list[OutstandingItemOut] = Field(description="At most 20, the oldest first.")


class JournalQuery(Schema):
    start: SupportedDate | None = Field(None, description="First day; 1 January by default.")
    end: SupportedDate | None = Field(None, description="Last day included; today by default.")
    format: Literal["csv", "xlsx"] = "csv"


class SettlementIn(InSchema):
    month: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", description="YYYY-MM")


class SettlementInvoiceOut(Schema):
    month: date
    creditor: str
    debtor: str
    tickets: int
    value_cents: int
    invoice_number: str


class SettlementInvoicesOut(Schema):
    created: list[SettlementInvoiceOut]
    existing: int


def _place(user: Any, slug: str, *, write: bool) -> Place:
    place = place_get_active(slug=slug)
    rule = permissions.can_keep_accounts if write else permissions.can_read_accounts
    allowed = rule(user, place.pk)
    if not allowed:
        raise NotAllowed()
    return place


def _network(user: Any, slug: str) -> Network:
    network = Network.objects.get(slug=slug)
    if not permissions.is_network_admin(user):
        raise NotAllowed()
    return network


def _model_out(model: EconomicModel) -> dict[str, Any]:
    return {
        "year": model.year,
        "total_cents": model.total_cents,
        "month_totals": model.month_totals,
        "budget_cents": model.budget_cents,
        "outstanding_cents": model.outstanding_cents,
        "outstanding_orders": model.outstanding_orders,
        "sources": [
            {
                "source": item.source,
                "label": item.label,
                "months": item.months,
                "total_cents": item.total_cents,
                "share_bp": item.share_bp,
                "budget_cents": item.budget_cents,
                "gap_cents": item.gap_cents,
            }
            for item in model.sources
        ],
    }


@router.get("/places/{slug}/other-income", response={200: list[IncomeOut], **READ_ERRORS})
@paginate(Pagination)
def list_income(
    request: AuthedApiRequest, slug: Slug, query: Query[YearQuery]
) -> QuerySet[OtherIncome]:
    """The other income of the place, the latest first (its treasurers and concierges)."""
    place = _place(request.auth, slug, write=False)
    return selectors.other_income_of_place(place_id=place.pk, year=query.year)


@router.post("/places/{slug}/other-income", response={201: IncomeOut, **WRITE_ERRORS})
def record_income(request: AuthedApiRequest, slug: Slug, payload: IncomeIn) -> Status:
    """Record a grant, partner services, a donation, dues or other income (its treasurers):
    an amount above zero, a grant with its programme and period, nothing in a closed period."""
    place = _place(request.auth, slug, write=True)
    return Status(201, services.income_record(place=place, spec=payload.spec(), by=request.auth))


@router.get("/places/{slug}/other-income/{int:income_id}", response={200: IncomeOut, **READ_ERRORS})
def get_income(request: AuthedApiRequest, slug: Slug, income_id: int) -> OtherIncome:
    place = _place(request.auth, slug, write=False)
    return selectors.other_income_get(place_id=place.pk, pk=income_id)


@router.put(
    "/places/{slug}/other-income/{int:income_id}", response={200: IncomeOut, **WRITE_ERRORS}
)
def update_income(
    request: AuthedApiRequest, slug: Slug, income_id: int, payload: IncomeIn
) -> OtherIncome:
    """Replace an income (its treasurers; not in a closed period)."""
    place = _place(request.auth, slug, write=True)
    income = selectors.other_income_get(place_id=place.pk, pk=income_id)
    return services.income_update(income=income, spec=payload.spec(), by=request.auth)


@router.delete("/places/{slug}/other-income/{int:income_id}", response={204: None, **WRITE_ERRORS})
def delete_income(request: AuthedApiRequest, slug: Slug, income_id: int) -> Status:
    """Delete an income (its treasurers; not in a closed period)."""
    place = _place(request.auth, slug, write=True)
    income = selectors.other_income_get(place_id=place.pk, pk=income_id)
    services.income_delete(income=income, by=request.auth)
    return Status(204, None)


@router.get("/places/{slug}/budget", response={200: BudgetOut, **READ_ERRORS})
def get_budget(request: AuthedApiRequest, slug: Slug, query: Query[YearQuery]) -> dict[str, Any]:
    """The year's budget per source, in cents (its treasurers and concierges)."""
    place = _place(request.auth, slug, write=False)
    year = query.year or timezone.localdate().year
    return {"year": year, "amounts": selectors.budget_of_place(place_id=place.pk, year=year)}


@router.put("/places/{slug}/budget", response={200: BudgetOut, **WRITE_ERRORS})
def set_budget(request: AuthedApiRequest, slug: Slug, payload: BudgetIn) -> dict[str, Any]:
    """Replace the year's budget (its treasurers)."""
    place = _place(request.auth, slug, write=True)
    amounts = {str(source): cents for source, cents in payload.amounts.items()}
    lines = services.budget_set(place=place, year=payload.year, amounts=amounts, by=request.auth)
    return {"year": payload.year, "amounts": {line.source: line.amount_cents for line in lines}}


@router.get("/places/{slug}/economic-model", response={200: ModelOut, **READ_ERRORS})
def place_model(request: AuthedApiRequest, slug: Slug, query: Query[YearQuery]) -> dict[str, Any]:
    """The place's revenue per source and month, shares, budget, outstanding (its
    treasurers and concierges)."""
    place = _place(request.auth, slug, write=False)
    year = query.year or timezone.localdate().year
    return _model_out(selectors.economic_model(place_ids=[place.pk], year=year))


@router.get("/networks/{slug}/economic-model", response={200: ModelOut, **READ_ERRORS})
def network_model(request: AuthedApiRequest, slug: Slug, query: Query[YearQuery]) -> dict[str, Any]:
    """The same for all the places of the network (network admins)."""
    network = _network(request.auth, slug)
    year = query.year or timezone.localdate().year
    place_ids = selectors.network_place_ids(network=network)
    return _model_out(selectors.economic_model(place_ids=place_ids, year=year))


@router.get("/networks/{slug}/outstanding", response={200: OutstandingOut, **READ_ERRORS})
def network_outstanding(request: AuthedApiRequest, slug: Slug) -> dict[str, Any]:
    """What the network's places are owed today, by place and age since the invoice (or
    the order), with the oldest items (network admins)."""
    network = _network(request.auth, slug)
    report = outstanding.network_outstanding(
        places=selectors.network_places(network=network), today=timezone.localdate()
    )
    keys = [key for key, _last, _label in outstanding.BUCKETS]
    return {
        "today": report.today,
        "cents": report.cents,
        "count": report.count,
        "places": [
            {
                "place": row.slug,
                "name": row.name,
                "cents": row.cents,
                "count": row.count,
                "buckets": [
                    {"bucket": key, "cents": cell.cents, "count": cell.count}
                    for key, cell in zip(keys, row.cells, strict=True)
                ],
            }
            for row in report.places
        ],
        "oldest": [_outstanding_item(order) for order in report.oldest],
    }


def _outstanding_item(order: Any) -> dict[str, Any]:
    invoice = order.invoice if _has_invoice(order) else None
    return {
        "order_id": order.pk,
        "reference": order.reference,
        "place": order.place.slug,
        "buyer_name": order.buyer_name,
        "since": order.since,
        "invoice_number": invoice.number if invoice else None,
        "due_cents": order.due_cents,
    }


def _has_invoice(order: Any) -> bool:
    try:
        order.invoice  # noqa: B018 (select_related: no query)
    except ObjectDoesNotExist:
        return False
    return True


@router.get(
    "/places/{slug}/sales-journal",
    response={200: str, **READ_ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    CSV_TYPE.split(";")[0]: {"schema": {"type": "string"}},
                    journal.XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                }
            }
        }
    },
)
def sales_journal(
    request: AuthedApiRequest, slug: Slug, query: Query[JournalQuery]
) -> HttpResponse:
    """The invoices and credit notes issued at the place from `start` to `end` (its
    treasurers), as CSV (`;`, decimal comma) or as a spreadsheet (xlsx)."""
    place = _place(request.auth, slug, write=True)
    end = query.end or timezone.localdate()
    start = query.start or end.replace(month=1, day=1)
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), field="end")
    if (end - start).days > journal.MAX_DAYS:
        raise InvalidInput(_("Choose a period of at most five years."), field="end")
    rows = journal.rows(place_id=place.pk, start=start, end=end)
    stem = journal.file_stem(place_slug=place.slug, start=start, end=end)
    if query.format == "csv":
        response = HttpResponse(journal.as_csv(rows).encode(), content_type=CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    title = _("Sales journal of %(place)s") % {"place": place.name}
    response = HttpResponse(journal.as_xlsx(rows, title=title), content_type=journal.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@router.post(
    "/networks/{slug}/settlement-invoices", response={201: SettlementInvoicesOut, **WRITE_ERRORS}
)
def invoice_settlement(request: AuthedApiRequest, slug: Slug, payload: SettlementIn) -> Status:
    """Turn a month of the settlement between places into invoices between their legal
    entities (network admins): once per pair of places and month."""
    network = _network(request.auth, slug)
    try:
        month = date.fromisoformat(f"{payload.month}-01")
    except ValueError as invalid:
        raise InvalidInput(_("Give a month as YYYY-MM."), field="month") from invalid
    if not ranges.is_supported(month):
        raise InvalidInput(ranges.out_of_range_message(), field="month")
    outcome = services.settlement_invoice(network=network, month=month, by=request.auth)
    created = [
        {
            "month": row.month,
            "creditor": row.creditor.name,
            "debtor": row.debtor.name,
            "tickets": row.tickets,
            "value_cents": row.value_cents,
            "invoice_number": row.order.invoice.number,
        }
        for row in outcome.created
    ]
    return Status(201, {"created": created, "existing": outcome.existing})
