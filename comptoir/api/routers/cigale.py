"""Cigale clubs: the clubs of a place, a club's fund with each member's pledge,
contribution and share, its ledger, pledges, payments and withdrawals, investments
(proposed to the club through governance, made, money back), the yearly statement and the
dissolution. The rules are `cigale`'s."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.cigale import permissions, selectors, services
from comptoir.cigale.models import Club, Entry, Investment
from comptoir.community import permissions as community
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import MAX_CENTS, SupportedAwareDatetime
from comptoir.governance import selectors as governance

router = Router(tags=["cigale"])


class CigaleClubOut(Schema):
    id: int
    name: str
    status: str
    founded_on: dt.date
    term_on: dt.date
    treasurer_id: int
    balance_cents: int


class CigaleMemberOut(Schema):
    person_id: int
    display_name: str
    pledge_cents: int
    contributed_cents: int
    share_cents: int
    share_percent: float


class CigaleFundOut(CigaleClubOut):
    invested_cents: int
    value_cents: int
    members: list[CigaleMemberOut]


class CigalePledgeIn(InSchema):
    monthly_cents: int = Field(le=MAX_CENTS, description="More than zero.")


class CigaleEntryIn(InSchema):
    person_id: int = Field(ge=1)
    kind: str = Field(max_length=12, description="payment or withdrawal.")
    amount_cents: int = Field(le=MAX_CENTS, description="More than zero.")


class CigaleEntryOut(Schema):
    id: int
    kind: str
    person_id: int | None
    investment_id: int | None
    amount_cents: int
    balance_after_cents: int
    on: dt.date


class CigaleInvestmentIn(InSchema):
    enterprise: str = Field(max_length=200)
    amount_cents: int = Field(le=MAX_CENTS, description="More than zero.")
    form: Investment.Form
    closes_at: SupportedAwareDatetime = Field(description="Until when the club decides.")
    context: str = Field("", max_length=20_000)


class CigaleInvestmentOut(Schema):
    id: int
    enterprise: str
    amount_cents: int
    form: str
    status: str
    proposal_id: int
    decision: str = Field(alias="proposal.outcome", description="The club's decision so far.")
    made_on: dt.date | None


class CigaleReceiptIn(InSchema):
    kind: str = Field(max_length=12, description="repayment or return.")
    amount_cents: int = Field(le=MAX_CENTS, description="More than zero.")
    closes: bool = Field(False, description="Nothing more is expected from it.")


class CigaleStatementOut(Schema):
    year: int
    opening_cents: int
    closing_cents: int
    by_kind: dict[str, int]


def _club(user: Any, club_id: int) -> Club:
    club = Club.objects.select_related("body", "place").get(pk=club_id)
    governance.member_ids(club.body)
    if not permissions.can_view_club(user, club):
        raise NotAllowed()
    return club


def _kept(user: Any, club_id: int) -> Club:
    club = _club(user, club_id)
    if not permissions.can_keep_club_accounts(user, club):
        raise NotAllowed()
    return club


def _fund(club: Club) -> dict[str, Any]:
    fund = selectors.club_fund(club)
    members = [
        {
            "person_id": line.person.pk,
            "display_name": str(line.person),
            "pledge_cents": line.pledge_cents,
            "contributed_cents": line.contributed_cents,
            "share_cents": line.share_cents,
            "share_percent": line.share_percent,
        }
        for line in fund.members
    ]
    return {
        **CigaleClubOut.from_orm(club).dict(),
        "invested_cents": fund.invested_cents,
        "value_cents": fund.value_cents,
        "members": members,
    }


@router.get("/places/{slug}/cigales", response={200: list[CigaleClubOut], **READ_ERRORS})
def list_clubs(request: AuthedApiRequest, slug: Slug) -> QuerySet[Club]:
    """The Cigale clubs of a place (its members)."""
    place = place_get_active(slug=slug)
    if not (
        community.is_member(request.auth, place.pk) or community.is_network_admin(request.auth)
    ):
        raise NotAllowed()
    return Club.objects.filter(place=place).order_by("name")


@router.get("/cigales/{club_id}", response={200: CigaleFundOut, **READ_ERRORS})
def get_club(request: AuthedApiRequest, club_id: int) -> dict[str, Any]:
    """The club's fund (cash and invested) and each member's pledge, contribution and share."""
    return _fund(_club(request.auth, club_id))


@router.put("/cigales/{club_id}/pledge", response={200: CigaleFundOut, **WRITE_ERRORS})
def set_pledge(request: AuthedApiRequest, club_id: int, payload: CigalePledgeIn) -> dict[str, Any]:
    """One's own monthly savings pledge (more than zero)."""
    club = _club(request.auth, club_id)
    if not permissions.is_club_member(request.auth, club):
        raise NotAllowed()
    services.pledge_set(
        club=club, person=request.auth, monthly_cents=payload.monthly_cents, by=request.auth
    )
    return _fund(club)


@router.get("/cigales/{club_id}/entries", response={200: list[CigaleEntryOut], **READ_ERRORS})
@paginate(Pagination)
def list_entries(request: AuthedApiRequest, club_id: int) -> QuerySet[Entry]:
    """The fund's movements, latest first, each with the balance after it."""
    return selectors.club_entries(_club(request.auth, club_id))


@router.post("/cigales/{club_id}/entries", response={201: CigaleEntryOut, **WRITE_ERRORS})
def record_entry(request: AuthedApiRequest, club_id: int, payload: CigaleEntryIn) -> Status:
    """Savings a member paid in, or withdrew (never more than they paid, nor than the fund
    holds): its treasurer, the place's concierges."""
    club = _kept(request.auth, club_id)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise InvalidInput(field="person_id")
    if payload.kind == Entry.Kind.PAYMENT:
        record = services.payment_record
    elif payload.kind == Entry.Kind.WITHDRAWAL:
        record = services.withdrawal_record
    else:
        raise InvalidInput(field="kind")
    return Status(
        201, record(club=club, person=person, amount_cents=payload.amount_cents, by=request.auth)
    )


@router.get(
    "/cigales/{club_id}/investments", response={200: list[CigaleInvestmentOut], **READ_ERRORS}
)
def list_investments(request: AuthedApiRequest, club_id: int) -> QuerySet[Investment]:
    return selectors.club_investments(_club(request.auth, club_id))


@router.post("/cigales/{club_id}/investments", response={201: CigaleInvestmentOut, **WRITE_ERRORS})
def propose_investment(
    request: AuthedApiRequest, club_id: int, payload: CigaleInvestmentIn
) -> Status:
    """A member proposes an investment: a proposal to the club's members (governance)."""
    club = _club(request.auth, club_id)
    investment = services.investment_propose(
        club=club,
        by=request.auth,
        enterprise=payload.enterprise,
        amount_cents=payload.amount_cents,
        form=payload.form,
        closes_at=payload.closes_at,
        context=payload.context,
    )
    return Status(201, investment)


def _investment(user: Any, investment_id: int) -> Investment:
    investment = Investment.objects.get(pk=investment_id)
    _kept(user, investment.club_id)
    return investment


@router.post(
    "/cigale-investments/{investment_id}/make", response={200: CigaleInvestmentOut, **WRITE_ERRORS}
)
def make_investment(request: AuthedApiRequest, investment_id: int) -> Investment:
    """Pay an adopted investment out of the fund (409 unless adopted and covered)."""
    investment = _investment(request.auth, investment_id)
    return services.investment_make(investment=investment, by=request.auth)


@router.post(
    "/cigale-investments/{investment_id}/receipts", response={201: CigaleEntryOut, **WRITE_ERRORS}
)
def receive_from_investment(
    request: AuthedApiRequest, investment_id: int, payload: CigaleReceiptIn
) -> Status:
    """Money back from an investment made: a repayment or a return."""
    investment = _investment(request.auth, investment_id)
    entry = services.investment_receive(
        investment=investment,
        kind=payload.kind,
        amount_cents=payload.amount_cents,
        closes=payload.closes,
        by=request.auth,
    )
    return Status(201, entry)


@router.get(
    "/cigales/{club_id}/statements/{year}", response={200: CigaleStatementOut, **READ_ERRORS}
)
def get_statement(request: AuthedApiRequest, club_id: int, year: int) -> Any:
    """The year's movements by kind, with the balance at each end."""
    club = _club(request.auth, club_id)
    if not 1900 <= year <= 2199:
        raise InvalidInput(field="year")
    return selectors.yearly_statement(club, year)


@router.post("/cigales/{club_id}/dissolve", response={200: CigaleClubOut, **WRITE_ERRORS})
def dissolve_club(request: AuthedApiRequest, club_id: int) -> Club:
    """At its term: the cash is shared between the members by their contributions."""
    club = _kept(request.auth, club_id)
    services.club_dissolve(club=club, by=request.auth)
    club.refresh_from_db()
    return club
