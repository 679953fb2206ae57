"""/networks/{slug}/settlements: what the places of a network owe each other for the tickets
sold by one and used in another, month by month."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from comptoir.access import selectors
from comptoir.api.auth import AuthedApiRequest
from comptoir.api.routers._access_reads import network_get
from comptoir.api.schemas import READ_ERRORS, ErrorOut, FilterSchema, Slug
from comptoir.community import permissions
from comptoir.core.exceptions import NotAllowed
from comptoir.core.types import Actor
from comptoir.places.models import Network

router = Router(tags=["settlements"])

MIN_YEAR, MAX_YEAR = 2000, 2999


class SettlementFilters(FilterSchema):
    month: str = Field(
        "",
        pattern=r"^$|^\d{4}-(0[1-9]|1[0-2])$",
        description="YYYY-MM (default: the current month).",
        examples=["2026-11"],
    )

    @field_validator("month")
    @classmethod
    def _plausible_year(cls, value: str) -> str:
        # Past the pattern, a year the date arithmetic can handle (not 0000 or 9999-12 + 1).
        if value and not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
            raise ValueError(
                _("Choose a month between %(min)s and %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return value


class SettlementRowOut(Schema):
    seller: str = Field(..., description="The place that sold the tickets.")
    used_in: str = Field(..., description="The place where they were used.")
    tickets: int
    value_cents: int = Field(..., description="What the seller owes the other place.")


class BalanceOut(Schema):
    place: str
    net_cents: int = Field(..., description="Owed to the place (positive) or by it (negative).")


class SettlementOut(Schema):
    month: str
    rows: list[SettlementRowOut]
    balances: list[BalanceOut]


def settlement_places_for(*, user: Actor, network: Network) -> set[int] | None:
    """The places whose settlement this user sees (None: all); 403 when none of this network."""
    place_ids = permissions.settlement_place_ids(user)
    if place_ids is not None and not network.places.filter(pk__in=place_ids).exists():
        raise NotAllowed()
    return place_ids


def _month(value: str) -> date:
    if not value:
        return timezone.localdate().replace(day=1)
    year, month = value.split("-")
    return date(int(year), int(month), 1)


@router.get(
    "/networks/{slug}/settlements", response={200: SettlementOut, 403: ErrorOut, **READ_ERRORS}
)
def get_settlement(
    request: AuthedApiRequest, slug: Slug, filters: Query[SettlementFilters]
) -> dict:
    """Concierges see the rows involving their places and those places' balances; network
    admins see everything."""
    network = network_get(slug=slug)
    place_ids = settlement_places_for(user=request.auth, network=network)
    month = _month(filters.month)
    rows = selectors.settlement_report(network=network, month=month, place_ids=place_ids)
    names = {r.seller_id: r.seller for r in rows} | {r.used_in_id: r.used_in for r in rows}
    net = selectors.settlement_balances(rows)
    balances = [
        {"place": names[pid], "net_cents": cents}
        for pid, cents in net.items()
        if place_ids is None or pid in place_ids
    ]
    return {
        "month": f"{month:%Y-%m}",
        "rows": rows,
        "balances": sorted(balances, key=lambda b: (b["place"], b["net_cents"])),
    }
