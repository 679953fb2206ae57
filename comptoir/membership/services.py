"""Writes of membership: an association's settings, a membership recorded and paid, and the
movements of a cooperative's share register. One transaction each.

Lock order: the association's row first (its card and movement counters: numbers are given
in order, and two memberships of one member recorded at once wait for each other), then the
associates' rows by id (a redemption and a transfer of one holder's shares at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.billing import services as billing
from comptoir.billing.models import Order, OrderLine, PaymentMethod
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.money import format_cents
from comptoir.core.ranges import MAX_CENTS, MAX_SEATS
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing.exceptions import InvoicingNotConfigured, NoLegalEntity, SiretMissing
from comptoir.invoicing.models import PaymentMeans
from comptoir.invoicing.services import payments
from comptoir.membership import permissions
from comptoir.membership.audit import Verb
from comptoir.membership.exceptions import (
    AlreadyMember,
    AmountInvalid,
    CategoryInvalid,
    DateInvalid,
    HolderMissing,
    NoAssociation,
    NotCooperative,
    NotEnoughShares,
    PaymentTooHigh,
    SameAssociate,
    SharePriceMissing,
    SharesInvalid,
    StartInvalid,
)
from comptoir.membership.models import (
    Associate,
    AssociateCategory,
    Association,
    Membership,
    ShareMovement,
)
from comptoir.places.models import Place


def _today(place: Place) -> dt.date:
    return timezone.localtime(timezone=ZoneInfo(place.timezone)).date()


def _who(by: Actor | None) -> Actor | None:
    return by if getattr(by, "is_authenticated", False) else None


def _cents(value: int | None) -> int:
    if value is None or isinstance(value, bool) or not 0 <= value <= MAX_CENTS:
        raise AmountInvalid(field="amount_cents")
    return int(value)


def association_of_place(place: Place) -> Association:
    if place.legal_entity_id is None:
        raise NoLegalEntity(field="legal_entity")
    association = Association.objects.filter(organization_id=place.legal_entity_id).first()
    if association is None:
        raise NoAssociation(field="legal_entity")
    return association


@transaction.atomic
def association_configure(
    *,
    place: Place,
    period: str,
    fee_cents: int,
    vat_rate_bp: int = 0,
    is_cooperative: bool = False,
    share_price_cents: int = 0,
    by: Actor,
) -> Association:
    """The membership settings of the place's legal entity (its treasurer's)."""
    if not permissions.can_manage_association(by, place.pk):
        raise NotAllowed()
    if place.legal_entity_id is None:
        raise NoLegalEntity(field="legal_entity")
    if period not in Association.Period.values:
        raise InvalidInput(_("Choose how long a membership runs."), field="period")
    fee_cents = _cents(fee_cents)
    if vat_rate_bp not in (0, 550, 1000, 2000):
        raise InvalidInput(_("Choose a VAT rate: 0, 5.5, 10 or 20 %."), field="vat_rate_bp")
    share_price_cents = _cents(share_price_cents)
    if is_cooperative and share_price_cents == 0:
        raise SharePriceMissing(field="share_price_cents")
    association, _created = Association.objects.update_or_create(
        organization_id=place.legal_entity_id,
        defaults={
            "period": period,
            "fee_cents": fee_cents,
            "vat_rate_bp": vat_rate_bp,
            "is_cooperative": is_cooperative,
            "share_price_cents": share_price_cents,
        },
    )
    audit_record(
        actor=by,
        verb=Verb.SETTINGS_SET,
        target=association,
        place=place,
        data={"period": period, "fee_cents": fee_cents, "cooperative": is_cooperative},
    )
    return association


def membership_period(association: Association, starts_on: dt.date) -> tuple[dt.date, dt.date]:
    """The days a membership covers: its calendar year, or a year from its first day."""
    if association.period == Association.Period.CALENDAR:
        return dt.date(starts_on.year, 1, 1), dt.date(starts_on.year, 12, 31)
    try:
        next_year = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February: a year later is 1 March
        next_year = dt.date(starts_on.year + 1, 3, 1)
    return starts_on, next_year - dt.timedelta(days=1)


def _holder(person: Person | None, organization: Organization | None) -> Q:
    if (person is None) == (organization is None):
        raise HolderMissing(field="person")
    return Q(person=person) if person is not None else Q(organization=organization)


def _lock(association: Association) -> Association:
    return Association.objects.select_for_update().get(pk=association.pk)


@dataclass(frozen=True)
class Recorded:
    membership: Membership
    # False when the fee was kept as a plain receipt payment (the entity does not invoice).
    payment_chained: bool = True


@transaction.atomic
def membership_record(
    *,
    place: Place,
    by: Actor,
    person: Person | None = None,
    organization: Organization | None = None,
    starts_on: dt.date | None = None,
    payment_method: str = PaymentMethod.CASH,
    payment_reference: str = "",
) -> Recorded:
    """A year of membership of the place's association, its fee sold and paid at the desk
    (an order through billing, its payment numbered by invoicing when the entity invoices)
    and its card number, the next of the association's."""
    if not permissions.can_record_memberships(by, place.pk):
        raise NotAllowed()
    holder = _holder(person, organization)
    if payment_method not in PaymentMeans.values or payment_method not in PaymentMethod.values:
        raise InvalidInput(_("Choose how the fee was paid."), field="payment_method")
    if len(payment_reference.strip()) > payments.REFERENCE_MAX:
        raise InvalidInput(field="payment_reference")
    today = _today(place)
    starts_on = starts_on or today
    if not today.year - 1 <= starts_on.year <= today.year + 1:
        raise StartInvalid(field="starts_on")
    association = _lock(association_of_place(place))
    first, last = membership_period(association, starts_on)
    overlapping = association.memberships.filter(holder, starts_on__lte=last, ends_on__gte=first)
    if overlapping.exists():
        raise AlreadyMember(field="person" if person else "organization")
    order, chained = _sell_fee(
        place, association, first, by, person, organization, payment_method, payment_reference
    )
    association.last_card_number += 1
    association.save(update_fields=["last_card_number", "updated_at"])
    membership = Membership.objects.create(
        association=association,
        place=place,
        person=person,
        organization=organization,
        number=association.last_card_number,
        starts_on=first,
        ends_on=last,
        fee_cents=association.fee_cents,
        order=order,
        created_by=_who(by),
    )
    audit_record(
        actor=by,
        verb=Verb.MEMBERSHIP_RECORDED,
        target=membership,
        place=place,
        data={
            "number": membership.number,
            "starts_on": str(first),
            "fee_cents": membership.fee_cents,
        },
    )
    return Recorded(membership, chained)


def _sell_fee(
    place: Place,
    association: Association,
    first: dt.date,
    by: Actor,
    person: Person | None,
    organization: Organization | None,
    means: str,
    reference: str,
) -> tuple[Order | None, bool]:
    """The fee's order, paid at once: numbered and chained by invoicing when the entity
    invoices, else a plain receipt payment (a small association). No order for a free one."""
    if association.fee_cents == 0:
        return None, True
    line = billing.LineSpec(
        kind=OrderLine.Kind.OTHER,
        description=_("Membership %(year)s") % {"year": first.year},
        unit_price_cents=association.fee_cents,
        vat_rate_bp=association.vat_rate_bp,
    )
    order = billing.order_create(
        place=place, lines=[line], by=by, buyer=person, buyer_organization=organization
    )
    try:
        payments.payment_record(
            order=order, means=means, amount_cents=order.total_cents, by=by, reference=reference
        )
    except (NoLegalEntity, SiretMissing, InvoicingNotConfigured):
        billing.payment_record(
            order=order, method=means, amount_cents=order.total_cents, by=by, reference=reference
        )
        return order, False
    return order, True


# --- The share register -------------------------------------------------------------


def _cooperative(place: Place, by: Actor) -> Association:
    if not permissions.can_keep_share_register(by, place.pk):
        raise NotAllowed()
    association = _lock(association_of_place(place))
    if not association.is_cooperative:
        raise NotCooperative(field="legal_entity")
    return association


def _shares(value: int | None) -> int:
    if value is None or isinstance(value, bool) or not 1 <= value <= MAX_SEATS:
        raise SharesInvalid(field="shares")
    return int(value)


def _day(place: Place, on: dt.date | None) -> dt.date:
    today = _today(place)
    day = on or today
    if day > today or day.year < today.year - 100:
        raise DateInvalid(field="on")
    return day


def _movement(
    association: Association,
    *,
    kind: str,
    associate: Associate,
    on: dt.date,
    by: Actor,
    shares: int = 0,
    amount_cents: int = 0,
    counterpart: Associate | None = None,
    note: str = "",
) -> ShareMovement:
    """The next movement of the register, numbered in order under the association's lock."""
    association.last_movement_number += 1
    association.save(update_fields=["last_movement_number", "updated_at"])
    return ShareMovement.objects.create(
        association=association,
        number=association.last_movement_number,
        kind=kind,
        associate=associate,
        counterpart=counterpart,
        shares=shares,
        amount_cents=amount_cents,
        on=on,
        note=note.strip()[:200],
        created_by=_who(by),
    )


def _associate(
    association: Association,
    person: Person | None,
    organization: Organization | None,
    category: str | None,
) -> Associate:
    holder = _holder(person, organization)
    existing = association.associates.select_for_update().filter(holder).first()
    if existing is not None:
        return existing
    if category not in AssociateCategory.values:
        raise CategoryInvalid(field="category")
    return Associate.objects.create(
        association=association, person=person, organization=organization, category=category
    )


def _audit(by: Actor, verb: Verb, movement: ShareMovement, place: Place) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=movement,
        place=place,
        data={
            "number": movement.number,
            "associate": movement.associate_id,
            "shares": movement.shares,
            "amount_cents": movement.amount_cents,
        },
    )


@transaction.atomic
def shares_subscribe(
    *,
    place: Place,
    shares: int,
    by: Actor,
    person: Person | None = None,
    organization: Organization | None = None,
    category: str | None = None,
    paid_cents: int = 0,
    on: dt.date | None = None,
    note: str = "",
) -> ShareMovement:
    """A person or a structure subscribes shares (a newcomer becomes an associate of the
    given category); what is paid at once is recorded as a second movement."""
    association = _cooperative(place, by)
    shares, day = _shares(shares), _day(place, on)
    paid_cents = _cents(paid_cents)
    price = shares * association.share_price_cents
    if paid_cents > price:
        raise PaymentTooHigh(field="paid_cents")
    associate = _associate(association, person, organization, category)
    Associate.objects.filter(pk=associate.pk).update(
        shares_held=F("shares_held") + shares, unpaid_cents=F("unpaid_cents") + price
    )
    movement = _movement(
        association,
        kind=ShareMovement.Kind.SUBSCRIBED,
        associate=associate,
        on=day,
        by=by,
        shares=shares,
        amount_cents=price,
        note=note,
    )
    _audit(by, Verb.SHARES_SUBSCRIBED, movement, place)
    if paid_cents:
        _pay(association, associate, paid_cents, day, by, place, note)
    return movement


def _pay(
    association: Association,
    associate: Associate,
    amount_cents: int,
    day: dt.date,
    by: Actor,
    place: Place,
    note: str,
) -> ShareMovement:
    locked = Associate.objects.select_for_update().get(pk=associate.pk)
    if amount_cents > locked.unpaid_cents:
        raise PaymentTooHigh(
            _("Only %(due)s remain to be paid on these shares.")
            % {"due": format_cents(locked.unpaid_cents)},
            field="amount_cents",
        )
    Associate.objects.filter(pk=locked.pk).update(unpaid_cents=F("unpaid_cents") - amount_cents)
    movement = _movement(
        association,
        kind=ShareMovement.Kind.PAID,
        associate=locked,
        on=day,
        by=by,
        amount_cents=amount_cents,
        note=note,
    )
    _audit(by, Verb.SHARES_PAID, movement, place)
    return movement


@transaction.atomic
def shares_pay(
    *,
    place: Place,
    associate: Associate,
    amount_cents: int,
    by: Actor,
    on: dt.date | None = None,
    note: str = "",
) -> ShareMovement:
    """Money paid up on subscribed shares: never more than is still owed."""
    association = _cooperative(place, by)
    amount_cents, day = _cents(amount_cents), _day(place, on)
    if amount_cents == 0:
        raise AmountInvalid(field="amount_cents")
    _same_register(association, associate)
    return _pay(association, associate, amount_cents, day, by, place, note)


def _same_register(association: Association, associate: Associate) -> None:
    if associate.association_id != association.pk:
        raise InvalidInput(_("This associate is not in this register."), field="associate")


def _take_shares(association: Association, associate: Associate, shares: int) -> Associate:
    """Remove paid-up shares from a holder, locked: never more than they hold paid up; the
    database's check refuses a negative holding should anything else slip."""
    locked = Associate.objects.select_for_update().get(pk=associate.pk)
    price = association.share_price_cents
    if shares > locked.shares_held or (locked.shares_held - shares) * price < locked.unpaid_cents:
        raise NotEnoughShares(field="shares")
    Associate.objects.filter(pk=locked.pk).update(shares_held=F("shares_held") - shares)
    return locked


def _shares_out(
    *,
    place: Place,
    associate: Associate,
    shares: int,
    by: Actor,
    on: dt.date | None,
    note: str,
    kind: str,
    verb: Verb,
    receiver_of: Callable[[Association], Associate] | None = None,
) -> ShareMovement:
    """Paid-up shares leaving a holder, at their nominal value: bought back by the
    cooperative, or passed to the holder `receiver_of` names (both locked in the order of
    their ids, whoever gives)."""
    association = _cooperative(place, by)
    shares, day = _shares(shares), _day(place, on)
    _same_register(association, associate)
    receiver = receiver_of(association) if receiver_of is not None else None
    if receiver is not None:
        if receiver.pk == associate.pk:
            raise SameAssociate(field="to_person")
        pair = sorted([associate.pk, receiver.pk])
        list(Associate.objects.select_for_update().filter(pk__in=pair).order_by("pk"))
    locked = _take_shares(association, associate, shares)
    if receiver is not None:
        Associate.objects.filter(pk=receiver.pk).update(shares_held=F("shares_held") + shares)
    movement = _movement(
        association,
        kind=kind,
        associate=locked,
        counterpart=receiver,
        on=day,
        by=by,
        shares=shares,
        amount_cents=shares * association.share_price_cents,
        note=note,
    )
    _audit(by, verb, movement, place)
    return movement


@transaction.atomic
def shares_redeem(
    *,
    place: Place,
    associate: Associate,
    shares: int,
    by: Actor,
    on: dt.date | None = None,
    note: str = "",
) -> ShareMovement:
    """Shares the cooperative buys back (an associate leaves or reduces their part), at
    their nominal value."""
    return _shares_out(
        place=place,
        associate=associate,
        shares=shares,
        by=by,
        on=on,
        note=note,
        kind=ShareMovement.Kind.REDEEMED,
        verb=Verb.SHARES_REDEEMED,
    )


@transaction.atomic
def shares_transfer(
    *,
    place: Place,
    associate: Associate,
    shares: int,
    by: Actor,
    to_person: Person | None = None,
    to_organization: Organization | None = None,
    category: str | None = None,
    on: dt.date | None = None,
    note: str = "",
) -> ShareMovement:
    """Paid-up shares passed from one holder to another (a newcomer joins in the given
    category)."""
    return _shares_out(
        place=place,
        associate=associate,
        shares=shares,
        by=by,
        on=on,
        note=note,
        kind=ShareMovement.Kind.TRANSFERRED,
        verb=Verb.SHARES_TRANSFERRED,
        receiver_of=lambda association: _associate(
            association, to_person, to_organization, category
        ),
    )
