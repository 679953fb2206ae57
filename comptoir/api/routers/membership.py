"""Membership of a place's association and its cooperative share register: the settings
(its treasurers), the register of members of a year (its concierges and treasurers, who
record memberships), a membership card's data (its member too), and the share register
with its movements (read by the concierges and treasurers, kept by the treasurers)."""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, InSchema, Slug
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import MAX_CENTS, MAX_SEATS, SupportedDate
from comptoir.membership import permissions, selectors, services
from comptoir.membership.exceptions import NoAssociation, NotCooperative
from comptoir.membership.models import (
    Associate,
    AssociateCategory,
    Association,
    Membership,
    ShareMovement,
)
from comptoir.places.models import Place

router = Router(tags=["membership"])
PROTECTED_READ = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}


class MembershipSettingsIn(InSchema):
    period: Literal["calendar", "rolling"]
    fee_cents: int = Field(ge=0, le=MAX_CENTS)
    vat_rate_bp: Literal[0, 550, 1000, 2000] = 0
    is_cooperative: bool = False
    share_price_cents: int = Field(0, ge=0, le=MAX_CENTS)


class MembershipSettingsOut(Schema):
    period: str
    fee_cents: int
    vat_rate_bp: int
    is_cooperative: bool
    share_price_cents: int


class MembershipIn(InSchema):
    person_id: int | None = Field(None, description="A person, or…")
    organization_slug: Slug | None = Field(None, description="…a structure.")
    starts_on: SupportedDate | None = Field(None, description="Today when left out.")
    payment_method: Literal["cash", "card", "transfer", "cheque"] = "cash"
    payment_reference: str = Field("", max_length=100)


class MembershipOut(Schema):
    id: int
    card_number: str
    holder_name: str
    person_id: int | None
    organization_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    fee_cents: int
    order_id: int | None


class ShareCategoryOut(Schema):
    category: str
    label: str
    associates: int
    shares: int
    capital_cents: int
    unpaid_cents: int


class ShareAssociateOut(Schema):
    id: int
    holder_name: str
    person_id: int | None
    organization_id: int | None
    category: str
    shares_held: int
    unpaid_cents: int


class ShareRegisterOut(Schema):
    share_price_cents: int
    categories: list[ShareCategoryOut]
    total: ShareCategoryOut
    associates: list[ShareAssociateOut]


class ShareMovementOut(Schema):
    id: int
    number: int
    kind: str
    associate_id: int
    counterpart_id: int | None
    shares: int
    amount_cents: int
    on: dt.date
    note: str


class ShareSubscriptionIn(InSchema):
    person_id: int | None = None
    organization_slug: Slug | None = None
    category: AssociateCategory | None = Field(None, description="For a newcomer.")
    shares: int = Field(ge=1, le=MAX_SEATS)
    paid_cents: int = Field(0, ge=0, le=MAX_CENTS, description="Paid at once.")
    on: SupportedDate | None = None
    note: str = Field("", max_length=200)


class SharePaymentIn(InSchema):
    amount_cents: int = Field(ge=1, le=MAX_CENTS)
    on: SupportedDate | None = None
    note: str = Field("", max_length=200)


class ShareRedemptionIn(InSchema):
    shares: int = Field(ge=1, le=MAX_SEATS)
    on: SupportedDate | None = None
    note: str = Field("", max_length=200)


class ShareTransferIn(ShareRedemptionIn):
    to_person_id: int
    category: AssociateCategory | None = Field(None, description="For a newcomer.")


def _place(user: Any, slug: str, may: Any) -> Place:
    place = place_get_active(slug=slug)
    if not may(user, place.pk):
        raise NotAllowed()
    return place


def _association(place: Place) -> Association:
    association = selectors.association_of_entity(organization_id=place.legal_entity_id)
    if association is None:
        raise NoAssociation(field="slug")
    return association


def _holder(person_id: int | None, organization_slug: str | None) -> dict[str, Any]:
    person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
    organization = (
        Organization.objects.filter(slug=organization_slug).first() if organization_slug else None
    )
    if person_id is not None and person is None:
        raise InvalidInput(_("Unknown person."), field="person_id")
    if organization_slug and organization is None:
        raise InvalidInput(_("Unknown structure."), field="organization_slug")
    return {"person": person, "organization": organization}


@router.get(
    "/places/{slug}/membership-settings", response={200: MembershipSettingsOut, **PROTECTED_READ}
)
def get_settings(request: AuthedApiRequest, slug: Slug) -> Association:
    """The membership settings of the place's legal entity (409 when it has none)."""
    return _association(_place(request.auth, slug, permissions.can_read_register))


@router.put(
    "/places/{slug}/membership-settings", response={200: MembershipSettingsOut, **WRITE_ERRORS}
)
def set_settings(
    request: AuthedApiRequest, slug: Slug, payload: MembershipSettingsIn
) -> Association:
    """Set the fee, the period and, for a cooperative, the share's value (its treasurers)."""
    place = _place(request.auth, slug, permissions.can_manage_association)
    return services.association_configure(place=place, by=request.auth, **payload.model_dump())


@router.get("/places/{slug}/members", response={200: list[MembershipOut], **PROTECTED_READ})
@paginate(Pagination)
def list_members(
    request: AuthedApiRequest,
    slug: Slug,
    year: Annotated[int | None, Query(ge=1900, le=2199)] = None,
    q: str = "",
) -> QuerySet[Membership]:
    """The memberships covering a year (this one by default), by card number; `q` searches
    the member's name, email or structure."""
    place = _place(request.auth, slug, permissions.can_read_register)
    year = year or timezone.localdate().year
    return selectors.members_of_year(association=_association(place), year=year, query=q[:100])


@router.post("/places/{slug}/memberships", response={201: MembershipOut, **WRITE_ERRORS})
def record_membership(request: AuthedApiRequest, slug: Slug, payload: MembershipIn) -> Status:
    """Record a membership, its fee sold and paid at the desk (its concierges and treasurers)."""
    place = _place(request.auth, slug, permissions.can_record_memberships)
    recorded = services.membership_record(
        place=place,
        by=request.auth,
        starts_on=payload.starts_on,
        payment_method=payload.payment_method,
        payment_reference=payload.payment_reference,
        **_holder(payload.person_id, payload.organization_slug),
    )
    return Status(201, recorded.membership)


@router.get("/memberships/{membership_id}", response={200: MembershipOut, **PROTECTED_READ})
def get_membership(request: AuthedApiRequest, membership_id: int) -> Membership:
    """A membership card's data: its member's, and the desk's."""
    membership = Membership.objects.select_related("person", "organization").get(pk=membership_id)
    mine = membership.person_id == request.auth.pk
    if not mine and not permissions.can_read_register(request.auth, membership.place_id):
        raise NotAllowed()
    return membership


def _cooperative(place: Place) -> Association:
    association = _association(place)
    if not association.is_cooperative:
        raise NotCooperative(field="slug")
    return association


@router.get("/places/{slug}/share-register", response={200: ShareRegisterOut, **PROTECTED_READ})
def get_share_register(request: AuthedApiRequest, slug: Slug) -> dict[str, Any]:
    """The associates and the totals per category of associate."""
    place = _place(request.auth, slug, permissions.can_read_register)
    register = selectors.share_register(association=_cooperative(place))
    return {
        "share_price_cents": register.association.share_price_cents,
        "categories": register.categories,
        "total": register.total,
        "associates": register.associates,
    }


@router.get(
    "/places/{slug}/share-movements", response={200: list[ShareMovementOut], **PROTECTED_READ}
)
@paginate(Pagination)
def list_share_movements(request: AuthedApiRequest, slug: Slug) -> QuerySet[ShareMovement]:
    """The movements of the share register, the latest first."""
    place = _place(request.auth, slug, permissions.can_read_register)
    return selectors.share_movements(association=_cooperative(place))


@router.post("/places/{slug}/share-subscriptions", response={201: ShareMovementOut, **WRITE_ERRORS})
def subscribe_shares(request: AuthedApiRequest, slug: Slug, payload: ShareSubscriptionIn) -> Status:
    """Shares subscribed by a person or a structure (its treasurers)."""
    place = _place(request.auth, slug, permissions.can_keep_share_register)
    movement = services.shares_subscribe(
        place=place,
        by=request.auth,
        shares=payload.shares,
        category=payload.category,
        paid_cents=payload.paid_cents,
        on=payload.on,
        note=payload.note,
        **_holder(payload.person_id, payload.organization_slug),
    )
    return Status(201, movement)


def _associate(place: Place, associate_id: int) -> Associate:
    return Associate.objects.get(pk=associate_id, association=_cooperative(place))


def _associate_movement(
    request: AuthedApiRequest,
    slug: Slug,
    associate_id: int,
    write: Callable[..., ShareMovement],
    fields: Callable[[], dict[str, Any]],
) -> Status:
    """A movement of one associate's shares (its treasurers), written by `write` with the
    `fields` read once the place is allowed: 201."""
    place = _place(request.auth, slug, permissions.can_keep_share_register)
    values = fields()
    movement = write(
        place=place, associate=_associate(place, associate_id), by=request.auth, **values
    )
    return Status(201, movement)


@router.post(
    "/places/{slug}/associates/{associate_id}/payments",
    response={201: ShareMovementOut, **WRITE_ERRORS},
)
def pay_shares(
    request: AuthedApiRequest, slug: Slug, associate_id: int, payload: SharePaymentIn
) -> Status:
    """Money paid up on subscribed shares, never more than is still owed."""
    return _associate_movement(request, slug, associate_id, services.shares_pay, payload.model_dump)


@router.post(
    "/places/{slug}/associates/{associate_id}/redemptions",
    response={201: ShareMovementOut, **WRITE_ERRORS},
)
def redeem_shares(
    request: AuthedApiRequest, slug: Slug, associate_id: int, payload: ShareRedemptionIn
) -> Status:
    """Paid-up shares bought back, never more than held (409)."""
    return _associate_movement(
        request, slug, associate_id, services.shares_redeem, payload.model_dump
    )


@router.post(
    "/places/{slug}/associates/{associate_id}/transfers",
    response={201: ShareMovementOut, **WRITE_ERRORS},
)
def transfer_shares(
    request: AuthedApiRequest, slug: Slug, associate_id: int, payload: ShareTransferIn
) -> Status:
    """Paid-up shares passed to another person (a newcomer joins in `category`)."""

    def fields() -> dict[str, Any]:
        receiver = Person.objects.filter(pk=payload.to_person_id).first()
        if receiver is None:
            raise InvalidInput(_("Unknown person."), field="to_person_id")
        return {"to_person": receiver, **payload.model_dump(exclude={"to_person_id"})}

    return _associate_movement(request, slug, associate_id, services.shares_transfer, fields)
