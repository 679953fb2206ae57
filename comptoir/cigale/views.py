"""The Cigale pages of a place: its clubs, a club (members, pledges, fund, shares,
investments, ledger) with the forms of its members and its treasurer, the yearly statement."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comptoir.cigale import permissions, selectors, services
from comptoir.cigale.exceptions import AmountInvalid
from comptoir.cigale.forms import InvestmentForm, MovementForm, PledgeForm, ReceiveForm, cents
from comptoir.cigale.models import Club, Entry, Investment
from comptoir.community import permissions as community
from comptoir.community.forms import add_domain_error
from comptoir.community.models import Person
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.governance import selectors as governance
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422


def _place(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _club(request: Any, slug: str, pk: int) -> Club:
    place = _place(slug)
    club = (
        Club.objects.select_related("place", "body", "treasurer").filter(place=place, pk=pk).first()
    )
    if club is None:
        raise Http404
    governance.member_ids(club.body)
    if not permissions.can_view_club(request.user, club):
        raise PermissionDenied
    return club


def _keeper(request: Any, slug: str, pk: int) -> Club:
    club = _club(request, slug, pk)
    if not permissions.can_keep_club_accounts(request.user, club):
        raise PermissionDenied
    return club


@login_required
@require_GET
def club_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(slug)
    if not (
        community.is_member(request.user, place.pk) or community.is_network_admin(request.user)
    ):
        raise PermissionDenied
    clubs = Club.objects.filter(place=place).order_by("name")
    return render(request, "cigale/club_list.html", {"place": place, "clubs": list(clubs)})


def _context(request: Any, club: Club, **forms: Any) -> dict[str, Any]:
    fund = selectors.club_fund(club)
    keeps = permissions.can_keep_club_accounts(request.user, club)
    member = permissions.is_club_member(request.user, club)
    active = club.status == Club.Status.ACTIVE
    members = [(line.person.pk, str(line.person)) for line in fund.members]
    tz = ZoneInfo(club.place.timezone)
    return {
        "place": club.place,
        "club": club,
        "fund": fund,
        "investments": list(selectors.club_investments(club)),
        "entries": list(selectors.club_entries(club)[:20]),
        "keeps": keeps and active,
        "year": timezone.localdate().year,
        "pledge_form": forms.get("pledge_form") or (PledgeForm() if member and active else None),
        "movement_form": forms.get("movement_form")
        or (MovementForm(members=members) if keeps and active else None),
        "investment_form": forms.get("investment_form")
        or (InvestmentForm(tz=tz) if member and active else None),
        "receive_form": ReceiveForm() if keeps and active else None,
    }


@login_required
@require_GET
def club_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    club = _club(request, slug, pk)
    return render(request, "cigale/club.html", _context(request, club))


def _done(request: Any, club: Club, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("cigale:club", slug=club.place.slug, pk=club.pk)


@login_required
@require_POST
def pledge(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    club = _club(request, slug, pk)
    if not permissions.is_club_member(request.user, club):
        raise PermissionDenied
    form = PledgeForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_set(
                club=club,
                person=request.user,
                monthly_cents=cents(form.cleaned_data["monthly"]),
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _done(request, club, _("Your monthly pledge is recorded."))
    return render(
        request, "cigale/club.html", _context(request, club, pledge_form=form), status=INVALID
    )


@login_required
@require_POST
def movement(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    club = _keeper(request, slug, pk)
    members = [(line.person.pk, str(line.person)) for line in selectors.club_fund(club).members]
    form = MovementForm(request.POST, members=members)
    if form.is_valid():
        person = Person.objects.get(pk=form.cleaned_data["person"])
        record = (
            services.payment_record
            if form.cleaned_data["kind"] == Entry.Kind.PAYMENT
            else services.withdrawal_record
        )
        try:
            record(
                club=club,
                person=person,
                amount_cents=cents(form.cleaned_data["amount"]),
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error if error.field != "amount_cents" else _on(error, "amount"))
        else:
            return _done(request, club, _("Movement recorded in the fund."))
    return render(
        request, "cigale/club.html", _context(request, club, movement_form=form), status=INVALID
    )


def _on(error: DomainError, field: str) -> DomainError:
    error.field = field
    return error


@login_required
@require_POST
def invest(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    club = _club(request, slug, pk)
    if not permissions.is_club_member(request.user, club):
        raise PermissionDenied
    form = InvestmentForm(request.POST, tz=ZoneInfo(club.place.timezone))
    if form.is_valid():
        try:
            investment = services.investment_propose(
                club=club,
                by=request.user,
                enterprise=form.cleaned_data["enterprise"],
                amount_cents=cents(form.cleaned_data["amount"]),
                form=form.cleaned_data["form"],
                closes_at=form.cleaned_data["closes_at"],
                context=form.cleaned_data["context"],
            )
        except DomainError as error:
            add_domain_error(form, _on(error, "amount") if error.field == "amount_cents" else error)
        else:
            messages.success(request, _("Investment proposed: the club's members now decide."))
            return redirect("governance:proposal", slug=slug, pk=investment.proposal_id)
    return render(
        request, "cigale/club.html", _context(request, club, investment_form=form), status=INVALID
    )


def _investment(club: Club, investment_pk: int) -> Investment:
    investment = Investment.objects.filter(club=club, pk=investment_pk).first()
    if investment is None:
        raise Http404
    return investment


@login_required
@require_POST
def investment_make(request: AuthedRequest, slug: str, pk: int, investment_pk: int) -> HttpResponse:
    club = _keeper(request, slug, pk)
    try:
        services.investment_make(investment=_investment(club, investment_pk), by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "cigale/club.html", _context(request, club), status=error.status)
    return _done(request, club, _("Investment made: paid out of the fund."))


@login_required
@require_POST
def investment_receive(
    request: AuthedRequest, slug: str, pk: int, investment_pk: int
) -> HttpResponse:
    club = _keeper(request, slug, pk)
    investment = _investment(club, investment_pk)
    form = ReceiveForm(request.POST)
    try:
        if not form.is_valid():
            raise AmountInvalid(field="amount")
        services.investment_receive(
            investment=investment,
            kind=form.cleaned_data["kind"],
            amount_cents=cents(form.cleaned_data["amount"]),
            closes=form.cleaned_data["closes"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "cigale/club.html", _context(request, club), status=error.status)
    return _done(request, club, _("Money back recorded in the fund."))


@login_required
@require_POST
def dissolve(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    club = _keeper(request, slug, pk)
    try:
        services.club_dissolve(club=club, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "cigale/club.html", _context(request, club), status=error.status)
    return _done(request, club, _("The club is dissolved: its fund is shared between its members."))


@login_required
@require_GET
def statement(request: AuthedRequest, slug: str, pk: int, year: int) -> HttpResponse:
    club = _club(request, slug, pk)
    if not 1900 <= year <= 2199:
        raise Http404
    context = {
        "place": club.place,
        "club": club,
        "statement": selectors.yearly_statement(club, year),
    }
    return render(request, "cigale/statement.html", context)
