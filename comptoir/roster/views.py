"""The roster's pages: the month of a place (its concierges: take a shift; its permanent
concierges: plan one-off and weekly shifts), my shifts (leave, offer a swap, record the
hours) and the swaps offered to me (accept). Who may is `roster.permissions`; the rules are
the services'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place
from comptoir.roster import permissions, selectors, services
from comptoir.roster.forms import PatternForm, ShiftForm, SwapForm
from comptoir.roster.models import Assignment, Shift, ShiftPattern, Swap

INVALID = 422
MONTH_PAGE = "roster/month.html"
GAP_DAYS = 7


def _place(request: AuthedRequest, slug: str, allowed: Callable[..., bool]) -> Place:
    try:
        place = place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not allowed(request.user, place.pk):
        raise PermissionDenied
    return place


def _month_of(request: AuthedRequest, place: Place) -> dt.date:
    """The month asked for as `?month=YYYY-MM`, this month when absent or wrong."""
    year, _dash, number = request.GET.get("month", "").partition("-")
    if year.isdigit() and number.isdigit() and 1900 <= int(year) <= 2199 and 1 <= int(number) <= 12:
        return dt.date(int(year), int(number), 1)
    return services.place_today(place).replace(day=1)


def _month_context(
    request: AuthedRequest,
    place: Place,
    month: dt.date,
    shift_form: ShiftForm | None = None,
    pattern_form: PatternForm | None = None,
) -> dict[str, Any]:
    shifts = selectors.shifts_of_month(place=place, month=month)
    planner = permissions.can_plan_shifts(request.user, place.pk)
    today = services.place_today(place)
    now = timezone.now()
    for shift in shifts:
        holders = list(shift.assignments.all())
        shift.holders = holders  # type: ignore[attr-defined]
        shift.is_mine = any(a.person_id == request.user.pk for a in holders)  # type: ignore[attr-defined]
        shift.is_open = shift.cancelled_at is None and shift.ends_at > now  # type: ignore[attr-defined]
        shift.free = shift.capacity - len(holders)  # type: ignore[attr-defined]
    days = [(day, list(items)) for day, items in groupby(shifts, key=lambda s: s.day)]
    _first, last = selectors.month_bounds(month)
    return {
        "place": place,
        "month": month,
        "previous": (month - dt.timedelta(days=1)).replace(day=1),
        "next": last + dt.timedelta(days=1),
        "days": days,
        "hours": selectors.hours_of_month(place=place, month=month),
        "gaps": selectors.gaps_ahead(place=place, first=today, days=GAP_DAYS),
        "gap_days": GAP_DAYS,
        "planner": planner,
        "can_take": permissions.can_take_shifts(request.user, place.pk),
        "patterns": list(selectors.patterns_of_place(place=place)) if planner else [],
        "shift_form": shift_form or ShiftForm(),
        "pattern_form": pattern_form or PatternForm(),
        "time_zone": place.timezone,
    }


@login_required
@require_GET
def month(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_view_roster)
    return render(request, MONTH_PAGE, _month_context(request, place, _month_of(request, place)))


@login_required
@require_POST
def shift_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_plan_shifts)
    form = ShiftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            shift = services.shift_create(
                place=place,
                day=data["day"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                capacity=data["capacity"],
                label=data["label"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Shift added on %(day)s.") % {"day": shift.day})
            return redirect(_month_url(place, shift.day))
    context = _month_context(request, place, _month_of(request, place), shift_form=form)
    return render(request, MONTH_PAGE, context, status=INVALID)


@login_required
@require_POST
def pattern_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_plan_shifts)
    form = PatternForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.pattern_create(
                place=place,
                weekday=data["weekday"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                capacity=data["capacity"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                label=data["label"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Weekly shift added: its shifts are on the roster."))
            return redirect("roster:month", slug=slug)
    context = _month_context(request, place, _month_of(request, place), pattern_form=form)
    return render(request, MONTH_PAGE, context, status=INVALID)


def _month_url(place: Place, day: dt.date) -> str:
    return reverse("roster:month", args=[place.slug]) + f"?month={day:%Y-%m}"


@login_required
@require_POST
def pattern_end(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place(request, slug, permissions.can_plan_shifts)
    pattern = ShiftPattern.objects.filter(pk=pk, place=place).select_related("place").first()
    if pattern is None:
        raise Http404
    services.pattern_end(pattern=pattern, by=request.user)
    messages.success(request, _("Weekly shift stopped: its shifts to come are cancelled."))
    return redirect("roster:month", slug=slug)


@login_required
@require_POST
def shift_cancel(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place(request, slug, permissions.can_plan_shifts)
    shift = Shift.objects.filter(pk=pk, place=place).select_related("place").first()
    if shift is None:
        raise Http404
    try:
        services.shift_cancel(shift=shift, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Shift cancelled."))
    return redirect(_month_url(place, shift.day))


def _back(request: AuthedRequest, default: str) -> str:
    """Where a button asked to come back to (a page of this site), else `default`."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return default


@login_required
@require_POST
def shift_take(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        shift = selectors.shift_get(pk=pk)
    except Shift.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_take_shifts(request.user, shift.place_id):
        raise PermissionDenied
    try:
        services.shift_take(shift=shift, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are on duty on %(day)s.") % {"day": shift.day})
    return redirect(_back(request, _month_url(shift.place, shift.day)))


def _assignment(request: AuthedRequest, pk: int, *, planner_too: bool) -> Assignment:
    try:
        assignment = selectors.assignment_get(pk=pk)
    except Assignment.DoesNotExist as missing:
        raise Http404 from missing
    own = assignment.person_id == request.user.pk
    if not own and not (
        planner_too and permissions.can_plan_shifts(request.user, assignment.shift.place_id)
    ):
        raise PermissionDenied
    return assignment


@login_required
@require_POST
def shift_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk, planner_too=True)
    try:
        services.shift_leave(assignment=assignment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You left the shift: its slot is free again."))
    return redirect(_back(request, reverse("roster:mine")))


@login_required
@require_POST
def swap_offer(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk, planner_too=False)
    form = SwapForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, _("A note has 200 characters at most."))
        return redirect("roster:mine")
    try:
        services.swap_offer(assignment=assignment, by=request.user, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your shift is offered to the other concierges."))
    return redirect("roster:mine")


@login_required
@require_POST
def hours_record(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk, planner_too=False)
    try:
        contribution = services.hours_record(assignment=assignment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(hours)s hours recorded as a contribution, to be validated by a concierge.")
            % {"hours": contribution.quantity},
        )
    return redirect("roster:mine")


def _swap(pk: int) -> Swap:
    try:
        return selectors.swap_get(pk=pk)
    except Swap.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_POST
def swap_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    swap = _swap(pk)
    if not permissions.can_take_shifts(request.user, swap.assignment.shift.place_id):
        raise PermissionDenied
    try:
        services.swap_accept(swap=swap, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("roster:swaps")
    messages.success(request, _("The shift is yours."))
    return redirect("roster:mine")


@login_required
@require_POST
def swap_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    swap = _swap(pk)
    if swap.offered_by_id != request.user.pk:
        raise PermissionDenied
    try:
        services.swap_withdraw(swap=swap, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Swap withdrawn: the shift stays yours."))
    return redirect("roster:mine")


@login_required
@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "upcoming": selectors.assignments_of_person(person=request.user, since=now),
        "past": selectors.past_assignments_of_person(person=request.user, until=now),
        "swap_form": SwapForm(),
    }
    return render(request, "roster/mine.html", context)


@login_required
@require_GET
def swaps(request: AuthedRequest) -> HttpResponse:
    offered = selectors.swaps_offered_to(user=request.user, now=timezone.now())
    return render(request, "roster/swaps.html", {"swaps": offered})
