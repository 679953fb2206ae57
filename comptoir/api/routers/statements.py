"""Account statements: the caller's own, and a structure's for its managers and the network
admins: every invoice, credit note and payment in date order with the running balance, and
what remains due per invoice (or sale not invoiced) and in total."""

from datetime import date

from ninja import Router, Schema

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.schemas import READ_ERRORS, Slug
from comptoir.community import selectors as community_selectors
from comptoir.core.exceptions import NotAllowed
from comptoir.invoicing import statements
from comptoir.invoicing.statements import Statement

router = Router(tags=["statements"])


class AccountLineOut(Schema):
    day: date
    kind: str  # invoiced, ordered (a sale not invoiced), credited, paid
    reference: str
    place_name: str
    order_id: int
    amount_cents: int
    balance_cents: int


class AccountItemOut(Schema):
    order_id: int
    reference: str
    place_name: str
    issue_date: date
    due_date: date | None
    total_cents: int
    credited_cents: int
    paid_cents: int
    due_cents: int


class AccountStatementOut(Schema):
    invoiced_cents: int
    credited_cents: int
    paid_cents: int
    balance_cents: int
    due_cents: int
    items: list[AccountItemOut]
    lines: list[AccountLineOut]


@router.get("/people/me/statement", response={200: AccountStatementOut, **READ_ERRORS})
def my_statement(request: AuthedApiRequest) -> Statement:
    """The caller's account statement: what they bought for themselves, in date order."""
    return statements.statement_of_person(person_id=request.auth.pk)


@router.get("/organizations/{slug}/statement", response={200: AccountStatementOut, **READ_ERRORS})
def organization_statement(request: AuthedApiRequest, slug: Slug) -> Statement:
    """A structure's account statement: what was bought on its behalf (its managers and the
    network admins)."""
    organization = community_selectors.organization_get(slug=slug)
    if not statements.can_see_organization_statement(request.auth, organization):
        raise NotAllowed()
    return statements.statement_of_organization(organization_id=organization.pk)
