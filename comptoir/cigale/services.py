"""Writes of a Cigale, one transaction each. Every movement of the fund locks the club's
row first, so that two payments and a withdrawal at once are applied one after the other,
each against the balance the previous one left (which the database keeps at zero or more);
joining locks it too, so that no 21st member gets in."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from comptoir.cigale.audit import Verb
from comptoir.cigale.exceptions import (
    AmountInvalid,
    BeforeTerm,
    ClubDissolved,
    ClubFull,
    ClubInvalid,
    EnterpriseInvalid,
    InsufficientFund,
    InvestmentNotAdopted,
    InvestmentNotMade,
    InvestmentsOutstanding,
    NotAClubMember,
    PledgeInvalid,
    TooFewMembers,
    WithdrawalTooLarge,
)
from comptoir.cigale.models import MAX_MEMBERS, MIN_MEMBERS, Club, Entry, Investment, Pledge
from comptoir.cigale.permissions import can_keep_club_accounts
from comptoir.cigale.shares import split_by_weight
from comptoir.community import permissions as community
from comptoir.community.models import Person
from comptoir.core.exceptions import NotAllowed
from comptoir.core.inputs import is_unstorable
from comptoir.core.ranges import MAX_CENTS
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.governance.models import Body, Membership, Process, Proposal
from comptoir.governance.services.bodies import body_create, member_add
from comptoir.governance.services.proposals import proposal_create
from comptoir.places.models import Place


def _locked(club: Club) -> Club:
    locked = Club.objects.select_for_update().select_related("body").get(pk=club.pk)
    if locked.status != Club.Status.ACTIVE:
        raise ClubDissolved()
    return locked


def _member_ids(club: Club) -> set[int]:
    return set(
        Membership.objects.current()
        .filter(body_id=club.body_id)
        .values_list("person_id", flat=True)
    )


@transaction.atomic
def club_create(
    *,
    place: Place,
    name: str,
    founders: list[Person],
    treasurer: Person,
    founded_on: date,
    term_on: date,
    by: Actor | None,
) -> Club:
    """A club founded by 5 to 20 people, its treasurer among them; its body decides."""
    if by is not None and not (community.is_member(by, place.pk) or community.is_network_admin(by)):
        raise NotAllowed()
    name = (name or "").strip()
    if not name or len(name) > 120 or is_unstorable(name) or term_on <= founded_on:
        raise ClubInvalid(field="name")
    people = {p.pk: p for p in founders}
    if len(people) < MIN_MEMBERS:
        raise TooFewMembers(field="founders")
    if len(people) > MAX_MEMBERS:
        raise ClubFull(field="founders")
    if treasurer.pk not in people:
        raise NotAClubMember(field="treasurer")
    body = body_create(
        kind=Body.Kind.CIGALE, name=name, place=place, by=None, quorum_percent=50, proxy_limit=1
    )
    for person in people.values():
        member_add(body=body, person=person, by=None)
    club = Club.objects.create(
        body=body,
        place=place,
        name=name,
        founded_on=founded_on,
        term_on=term_on,
        treasurer=treasurer,
    )
    audit_record(
        actor=by, verb=Verb.CLUB_CREATED, target=club, place=place, data={"members": len(people)}
    )
    return club


@transaction.atomic
def club_member_join(*, club: Club, person: Person, by: Actor | None) -> Club:
    """One more member, twenty at most (the club's row locked while counting)."""
    club = _locked(club)
    if by is not None and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    if len(_member_ids(club)) >= MAX_MEMBERS:
        raise ClubFull(field="person")
    member_add(body=club.body, person=person, by=None)
    audit_record(
        actor=by, verb=Verb.MEMBER_JOINED, target=club, place=club.place, data={"person": person.pk}
    )
    return club


@transaction.atomic
def pledge_set(*, club: Club, person: Person, monthly_cents: int, by: Actor) -> Pledge:
    """A member's own monthly pledge (or their treasurer's record of it): more than zero."""
    if by.pk != person.pk and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    if person.pk not in _member_ids(club):
        raise NotAClubMember(field="person")
    if isinstance(monthly_cents, bool) or not 0 < monthly_cents <= 1_000_000:
        raise PledgeInvalid(field="monthly_cents")
    pledge, _created = Pledge.objects.update_or_create(
        club=club, person=person, defaults={"monthly_cents": monthly_cents}
    )
    audit_record(
        actor=by,
        verb=Verb.PLEDGE_SET,
        target=club,
        place=club.place,
        data={"person": person.pk, "monthly_cents": monthly_cents},
    )
    return pledge


def _amount(value: int) -> int:
    if isinstance(value, bool) or not 0 < value <= MAX_CENTS:
        raise AmountInvalid(field="amount_cents")
    return value


def _record(
    club: Club,
    *,
    kind: str,
    amount: int,
    by: Actor | None,
    person: Person | None = None,
    investment: Investment | None = None,
    on: date | None = None,
) -> Entry:
    """A movement against the locked club's balance; never below zero."""
    balance = club.balance_cents + amount
    if balance < 0:
        raise InsufficientFund(field="amount_cents")
    club.balance_cents = balance
    club.save(update_fields=["balance_cents", "updated_at"])
    entry = Entry.objects.create(
        club=club,
        kind=kind,
        person=person,
        investment=investment,
        amount_cents=amount,
        balance_after_cents=balance,
        on=on or timezone.localdate(),
    )
    audit_record(
        actor=by,
        verb=Verb.ENTRY_RECORDED,
        target=club,
        place=club.place,
        data={"kind": kind, "amount_cents": amount, "person": person.pk if person else None},
    )
    return entry


def _contributed(club: Club, person: Person) -> int:
    kinds = [Entry.Kind.PAYMENT, Entry.Kind.WITHDRAWAL]
    total = Entry.objects.filter(club=club, person=person, kind__in=kinds).aggregate(
        total=Sum("amount_cents")
    )["total"]
    return int(total or 0)


@transaction.atomic
def payment_record(
    *, club: Club, person: Person, amount_cents: int, by: Actor | None, on: date | None = None
) -> Entry:
    """Savings a member paid into the fund (recorded by the treasurer)."""
    club = _locked(club)
    if by is not None and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    if person.pk not in _member_ids(club):
        raise NotAClubMember(field="person")
    return _record(
        club, kind=Entry.Kind.PAYMENT, amount=_amount(amount_cents), by=by, person=person, on=on
    )


@transaction.atomic
def withdrawal_record(
    *, club: Club, person: Person, amount_cents: int, by: Actor | None, on: date | None = None
) -> Entry:
    """A member takes back savings: at most what they paid in, never more than the fund holds."""
    club = _locked(club)
    if by is not None and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    amount = _amount(amount_cents)
    if amount > _contributed(club, person):
        raise WithdrawalTooLarge(field="amount_cents")
    return _record(club, kind=Entry.Kind.WITHDRAWAL, amount=-amount, by=by, person=person, on=on)


@transaction.atomic
def investment_propose(
    *,
    club: Club,
    by: Actor,
    enterprise: str,
    amount_cents: int,
    form: str,
    closes_at: datetime | None,
    context: str = "",
) -> Investment:
    """A member proposes an investment; the club's members decide it by consent."""
    if club.status != Club.Status.ACTIVE:
        raise ClubDissolved()
    settle_proposals(club)  # the earlier proposals' investments the club turned down
    enterprise = (enterprise or "").strip()
    if not enterprise or len(enterprise) > 200 or is_unstorable(enterprise):
        raise EnterpriseInvalid(field="enterprise")
    if form not in Investment.Form.values:
        raise EnterpriseInvalid(field="form")
    amount = _amount(amount_cents)
    euros = f"{amount / 100:.2f} €"
    proposal = proposal_create(
        body=club.body,
        by=by,
        question=f"Investir {euros} dans {enterprise} ({Investment.Form(form).label}) ?"[:200],
        context=context,
        process=Process.CONSENT,
        closes_at=closes_at,
    )
    investment = Investment.objects.create(
        club=club, enterprise=enterprise, amount_cents=amount, form=form, proposal=proposal
    )
    audit_record(actor=by, verb=Verb.INVESTMENT_PROPOSED, target=investment, place=club.place)
    return investment


@transaction.atomic
def investment_make(
    *, investment: Investment, by: Actor | None, on: date | None = None
) -> Investment:
    """Pay an investment the club adopted out of the fund (which must hold it)."""
    club = _locked(investment.club)
    if by is not None and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    investment = (
        Investment.objects.select_for_update().select_related("proposal").get(pk=investment.pk)
    )
    adopted = investment.proposal.outcome == Proposal.Outcome.ADOPTED
    if investment.status != Investment.Status.PROPOSED or not adopted:
        raise InvestmentNotAdopted()
    _record(
        club,
        kind=Entry.Kind.INVESTMENT,
        amount=-investment.amount_cents,
        by=by,
        investment=investment,
        on=on,
    )
    investment.status, investment.made_on = Investment.Status.MADE, on or timezone.localdate()
    investment.save(update_fields=["status", "made_on", "updated_at"])
    audit_record(actor=by, verb=Verb.INVESTMENT_MADE, target=investment, place=club.place)
    return investment


@transaction.atomic
def investment_receive(
    *,
    investment: Investment,
    kind: str,
    amount_cents: int,
    by: Actor | None,
    closes: bool = False,
    on: date | None = None,
) -> Entry:
    """Money back from an investment: a repayment (of a loan, a sale of shares) or a
    return (interest, dividend); `closes` when nothing more is expected."""
    club = _locked(investment.club)
    if by is not None and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    if investment.status != Investment.Status.MADE:
        raise InvestmentNotMade()
    if kind not in (Entry.Kind.REPAYMENT, Entry.Kind.RETURN):
        raise AmountInvalid(field="kind")
    entry = _record(
        club, kind=kind, amount=_amount(amount_cents), by=by, investment=investment, on=on
    )
    if closes:
        investment.status = Investment.Status.CLOSED
        investment.save(update_fields=["status", "updated_at"])
    return entry


def settle_proposals(club: Club) -> None:
    """Mark the investments the club turned down (read when the page shows them)."""
    Investment.objects.filter(
        club=club,
        status=Investment.Status.PROPOSED,
        proposal__status=Proposal.Status.CLOSED,
        proposal__outcome__in=[Proposal.Outcome.REJECTED, Proposal.Outcome.NO_QUORUM],
    ).update(status=Investment.Status.REJECTED)


@transaction.atomic
def club_dissolve(*, club: Club, by: Actor | None, on: date | None = None) -> list[Entry]:
    """At its term, the club shares the cash of its fund between its members in proportion
    to what each contributed (paid in less withdrawn); its investments closed first."""
    club = _locked(club)
    if by is not None and not can_keep_club_accounts(by, club):
        raise NotAllowed()
    today = on or timezone.localdate()
    if Investment.objects.filter(club=club, status=Investment.Status.MADE).exists():
        raise InvestmentsOutstanding()
    if today < club.term_on:
        raise BeforeTerm()
    weights = dict(
        Entry.objects.filter(club=club, kind__in=[Entry.Kind.PAYMENT, Entry.Kind.WITHDRAWAL])
        .values("person_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("person_id", "total")
    )
    shares = split_by_weight(
        club.balance_cents, {k: int(v) for k, v in weights.items() if v and v > 0}
    )
    people = Person.objects.in_bulk(list(shares))
    entries = [
        _record(
            club, kind=Entry.Kind.DISSOLUTION, amount=-share, by=by, person=people[pid], on=today
        )
        for pid, share in sorted(shares.items())
        if share > 0
    ]
    club.status, club.dissolved_at = Club.Status.DISSOLVED, timezone.now()
    club.save(update_fields=["status", "dissolved_at", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.CLUB_DISSOLVED,
        target=club,
        place=club.place,
        data={"shares": len(entries)},
    )
    return entries
