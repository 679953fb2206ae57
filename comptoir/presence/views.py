"""Presence pages: the concierge's desk (kiosk), who is here, my visits and my card, and a
structure's usage. Views parse input, call one service, and choose the response: the page, or
for htmx its named partial; refusals keep their 4xx status and say why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from comptoir.access import selectors as access_selectors
from comptoir.access import services as access_services
from comptoir.billing import selectors as billing_selectors
from comptoir.community import permissions
from comptoir.community import selectors as community_selectors
from comptoir.community.models import Organization, Person
from comptoir.core import charts
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place
from comptoir.presence import cards, desk, selectors, selectors_pages, services
from comptoir.presence.exceptions import CheckInRefused
from comptoir.presence.forms import CardReplaceForm, CheckOutForm, KioskCheckInForm, ScanForm
from comptoir.presence.models import Access, Visit

INVALID = 422
# The latest ticket movements shown on "my visits" (the full ledger is per book).
MOVEMENTS_SHOWN = 20


@dataclass(frozen=True)
class Outcome:
    """What the last action did, shown in the page's status region."""

    ok: bool
    message: str
    person: Person | None = None
    offers: list[dict[str, Any]] = field(default_factory=list)
    # What waits for the person at the desk (the apps above presence: `presence.desk`).
    notes: list[desk.DeskNote] = field(default_factory=list)


def _place_or_404(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _query(data: Any) -> str:
    return str(data.get("q", "")).strip()[:100]


def _check_in_message(visit: Visit) -> str:
    """ "Nina Martin is checked in · ticket book: 9 tickets left", and so on for each access."""
    name = visit.person.display_name
    movement = visit.ticket_movement if visit.ticket_movement_id else None
    if visit.access == Access.TICKET and movement is not None:
        # The check-in knows the balance it left (`tickets_left`): no query for it.
        left = getattr(visit, "tickets_left", None)
        if left is None:
            left = access_services.balance(movement.book)
        return ngettext(
            "%(name)s is checked in · ticket book: %(count)d ticket left",
            "%(name)s is checked in · ticket book: %(count)d tickets left",
            left,
        ) % {"name": name, "count": left}
    if visit.access == Access.SUBSCRIPTION and visit.subscription is not None:
        return _("%(name)s is checked in · subscription: %(plan)s") % {
            "name": name,
            "plan": visit.subscription.plan.name,
        }
    if visit.access == Access.OVERRIDE:
        return _("%(name)s is let in · reason: %(reason)s") % {
            "name": name,
            "reason": visit.override_reason,
        }
    wording = {
        Access.DAY_PASS: _("%(name)s is checked in · day pass"),
        Access.DISCOVERY: _("%(name)s is checked in · discovery visit"),
        Access.ALREADY_COVERED: _("%(name)s is checked in · this half-day is already paid for"),
    }
    return wording.get(Access(visit.access), _("%(name)s is checked in")) % {"name": name}


def _refusal(error: DomainError, person: Person | None) -> Outcome:
    offers = error.offers if isinstance(error, CheckInRefused) else []
    return Outcome(ok=False, message=error.message, person=person, offers=offers)


def _refused_page(request: HtmxRequest, message: str, status: int) -> HttpResponse:
    """A refusal where the page it came from cannot be shown to this person."""
    return render(request, "presence/refused.html", {"message": message}, status=status)


# --- The desk (kiosk) ------------------------------------------------------------------------


def _check_in_place(request: HtmxRequest, slug: str) -> Place:
    """The place of a desk check-in, read as the API's check-in reads it: active, with its
    access settings, and the concierge's roles with them, in one query."""
    place = access_selectors.active_place_with_settings(slug=slug, viewer=request.user)
    if place is None:
        raise Http404
    if not permissions.can_use_kiosk(request.user, place.pk):
        raise PermissionDenied
    return place


def _kiosk_url(place: Place, query: str) -> str:
    url = reverse("presence:kiosk", args=[place.slug])
    return f"{url}?{urlencode({'q': query})}" if query else url


def _kiosk_page(
    request: HtmxRequest,
    place: Place,
    *,
    query: str = "",
    outcome: Outcome | None = None,
    status: int = 200,
) -> HttpResponse:
    template = "presence/kiosk.html"
    if request.htmx:
        # A search redraws the results; an action its outcome, the results and who is here.
        template += "#kiosk-update" if request.method == "POST" else "#kiosk-results"
    context = {
        "place": place,
        "q": query,
        "results": selectors.kiosk_search(place=place, query=query, viewer=request.user),
        # Lazy: only evaluated by the templates that list who is here.
        "present": selectors.present_now(place=place, viewer=request.user),
        "outcome": outcome,
        "can_sell": permissions.can_sell(request.user, place.pk),
    }
    return render(request, template, context, status=status)


@login_required
@require_GET
def kiosk(request: AuthedRequest, slug: str) -> HttpResponse:
    # Read as a check-in reads it (the place and the concierge's roles in one query): the
    # search as you type asks for this page at every pause in the typing.
    place = _check_in_place(request, slug)
    return _kiosk_page(request, place, query=_query(request.GET))


def _check_in_at_desk(
    request: AuthedRequest,
    place: Place,
    person_id: int,
    query: str,
    *,
    override: bool = False,
    override_reason: str = "",
) -> HttpResponse:
    # The API's path: the person is read by the statement that locks their row.
    try:
        visit = services.visit_check_in(
            person_id=person_id,
            place=place,
            by=request.user,
            override=override,
            override_reason=override_reason,
        )
    except DomainError as error:
        person = community_selectors.person_active_or_none(pk=person_id)
        return _kiosk_page(
            request, place, query=query, outcome=_refusal(error, person), status=error.status
        )
    message = _check_in_message(visit)
    if not request.htmx:
        messages.success(request, message)
        for note in desk.notes_for(place=place, person=visit.person):
            messages.info(request, note.text)
        return redirect(_kiosk_url(place, query))
    return _kiosk_checked_in(request, place, visit, query, message)


def _kiosk_checked_in(
    request: HtmxRequest, place: Place, visit: Visit, query: str, message: str
) -> HttpResponse:
    """Only what a check-in changed: the outcome, the person's row in the results and a row
    in "here now" (issue 17: a few hundred bytes, not the whole desk redrawn)."""
    context = {
        "place": place,
        "q": query,
        "visit": visit,
        "outcome": Outcome(
            True, message, visit.person, notes=desk.notes_for(place=place, person=visit.person)
        ),
        "present_count": selectors.present_count(place=place),
        "can_sell": permissions.can_sell(request.user, place.pk),
    }
    return render(request, "presence/kiosk.html#kiosk-checked-in", context)


@login_required
@require_POST
def kiosk_check_in(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _check_in_place(request, slug)
    form = KioskCheckInForm(request.POST)
    if not form.is_valid():
        outcome = Outcome(ok=False, message=form.first_error())
        return _kiosk_page(
            request, place, query=_query(request.POST), outcome=outcome, status=INVALID
        )
    data = form.cleaned_data
    return _check_in_at_desk(
        request,
        place,
        data["person"],
        data["q"],
        override=data["override"],
        override_reason=data["override_reason"],
    )


@login_required
@require_POST
def kiosk_scan(request: AuthedRequest, slug: str) -> HttpResponse:
    """What a USB or Bluetooth scanner typed from a member card: check that person in."""
    place = _check_in_place(request, slug)
    form = ScanForm(request.POST)
    if not form.is_valid():
        outcome = Outcome(ok=False, message=form.first_error())
        return _kiosk_page(
            request, place, query=_query(request.POST), outcome=outcome, status=INVALID
        )
    holder = form.cleaned_data["card"]
    return _check_in_at_desk(request, place, holder.pk, form.cleaned_data["q"])


# --- Who is here (members) -------------------------------------------------------------------


def _presence_page(
    request: AuthedRequest, place: Place, *, outcome: Outcome | None = None, status: int = 200
) -> HttpResponse:
    can_view = permissions.can_view_presence(request.user, place.pk)
    present = list(selectors.present_now(place=place, viewer=request.user)) if can_view else []
    total, spaces = selectors.occupancy(place=place) if can_view else (0, [])
    template = "presence/place_presence.html"
    if request.htmx:
        # The 60 s refresh redraws who is here; an action also redraws my buttons.
        template += "#presence-update" if request.method == "POST" else "#presence-live"
    context = {
        "place": place,
        "can_view": can_view,
        "present": present,
        "my_visit": selectors_pages.open_visit_among(present, request.user),
        "total": total,
        "spaces": spaces,
        "sees_everyone": permissions.sees_everyone_present(request.user, place.pk),
        "can_use_kiosk": permissions.can_use_kiosk(request.user, place.pk),
        "can_self_check_in": permissions.can_self_check_in(request.user, place),
        "can_sell": permissions.can_sell(request.user, place.pk),
        "outcome": outcome,
    }
    return render(request, template, context, status=status)


@login_required
@require_GET
def place_presence(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    if not permissions.can_view_presence(request.user, place.pk):
        raise PermissionDenied
    return _presence_page(request, place)


def _after_my_action(request: AuthedRequest, place: Place, message: str) -> HttpResponse:
    if request.htmx:
        return _presence_page(request, place, outcome=Outcome(True, message, request.user))
    messages.success(request, message)
    if permissions.can_view_presence(request.user, place.pk):
        return redirect("presence:place-presence", slug=place.slug)
    return redirect("presence:my-visits")


def _my_refusal(
    request: AuthedRequest, place: Place, error: DomainError, person: Person
) -> HttpResponse:
    if not permissions.can_view_presence(request.user, place.pk):
        return _refused_page(request, error.message, error.status)
    return _presence_page(request, place, outcome=_refusal(error, person), status=error.status)


@login_required
@require_POST
def self_check_in(request: AuthedRequest, slug: str) -> HttpResponse:
    """ "I have arrived": members check themselves in (the service says who may)."""
    place = _place_or_404(slug)
    try:
        visit = services.visit_check_in(person=request.user, place=place, by=request.user)
    except DomainError as error:
        return _my_refusal(request, place, error, request.user)
    return _after_my_action(request, place, _check_in_message(visit))


@login_required
@require_POST
def check_out(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        visit = selectors_pages.visit_get(pk=pk)
    except Visit.DoesNotExist as missing:
        raise Http404 from missing
    form = CheckOutForm(request.POST)
    form.is_valid()  # Only `back` and `q` are read, both optional with safe defaults.
    back = form.cleaned_data.get("back") or "presence"
    query = form.cleaned_data.get("q") or ""
    place = visit.place
    at_desk = back == "kiosk" and permissions.can_use_kiosk(request.user, place.pk)
    try:
        services.visit_check_out(visit=visit, by=request.user)
    except DomainError as error:
        if at_desk:
            outcome = _refusal(error, visit.person)
            return _kiosk_page(request, place, query=query, outcome=outcome, status=error.status)
        return _my_refusal(request, place, error, visit.person)
    if visit.person_id == request.user.pk:
        message = _("You have left %(place)s. See you soon!") % {"place": place.name}
    else:
        message = _("%(name)s has left.") % {"name": visit.person.display_name}
    if not at_desk:
        return _after_my_action(request, place, message)
    if request.htmx:
        return _kiosk_page(request, place, query=query, outcome=Outcome(True, message))
    messages.success(request, message)
    return redirect(_kiosk_url(place, query))


# --- My visits and my card -------------------------------------------------------------------


@login_required
@require_GET
def my_visits(request: AuthedRequest) -> HttpResponse:
    person = request.user
    visits = selectors.visits_of_person(person=person)
    page = Paginator(visits, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    if request.htmx:
        return render(request, "presence/my_visits.html#visit-rows", {"page": page})
    context = {
        "page": page,
        "books": access_selectors.ticket_books_of_person(person=person),
        "movements": access_selectors.movements_of_person(person=person)[:MOVEMENTS_SHOWN],
        "subscriptions": access_selectors.subscriptions_of_person(person=person),
        "orders": billing_selectors.orders_of_buyer(person=person)[:MOVEMENTS_SHOWN],
        "card": cards.card_svg(person, scale=4),
        "chart": _my_visits_chart(selectors.visits_per_month_of_person(person=person)),
    }
    return render(request, "presence/my_visits.html", context)


def _month_chart(title: str, months: list[tuple[date, int]], value_name: str) -> charts.Chart:
    return charts.bar_chart(
        title,
        [(date_format(month, "F Y"), n) for month, n in months],
        value_name=value_name,
        label_header=_("Month"),
        axis_labels=[date_format(month, "M") for month, _n in months],
    )


def _usage_chart(rows: list[dict[str, Any]]) -> charts.Chart:
    """The structure's visits and people per month, oldest first, from the table's rows."""
    ordered = sorted(rows, key=lambda row: row["month"])
    labels = [date_format(row["month"], "F Y") for row in ordered]
    return charts.line_chart(
        _("Visits per month"),
        [
            charts.Series(
                _("Visits"), list(zip(labels, [r["visits"] for r in ordered], strict=True))
            ),
            charts.Series(
                _("People"), list(zip(labels, [r["people"] for r in ordered], strict=True))
            ),
        ],
        label_header=_("Month"),
        axis_labels=[date_format(row["month"], "M") for row in ordered],
    )


def _my_visits_chart(months: list[tuple[date, int]]) -> charts.Chart:
    return _month_chart(_("My visits per month, last twelve months"), months, _("Visits"))


@login_required
@require_GET
def my_card(request: AuthedRequest) -> HttpResponse:
    context = {"card": cards.card_svg(request.user, scale=10, fluid=True)}
    response = render(request, "presence/my_card.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def my_card_svg(request: AuthedRequest) -> HttpResponse:
    """The card as an SVG file, to print it or keep it on a phone."""
    response = HttpResponse(cards.card_svg_file(request.user), content_type="image/svg+xml")
    response["Content-Disposition"] = 'inline; filename="comptoir-card.svg"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def my_card_replace(request: AuthedRequest) -> HttpResponse:
    """A new card for a lost or copied one: the old code stops working at the desk."""
    form = CardReplaceForm(request.POST)
    back = form.cleaned_data.get("back") if form.is_valid() else ""
    services.card_replace(person=request.user, by=request.user)
    messages.success(
        request,
        _("Here is your new card. The old one no longer works: print or download this one."),
    )
    return redirect("community:profile" if back == "profile" else "presence:my-card")


# --- A structure's usage ---------------------------------------------------------------------


@login_required
@require_GET
def organization_usage(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        organization = community_selectors.organization_get(slug=slug)
    except Organization.DoesNotExist as missing:
        raise Http404 from missing
    place_ids = permissions.organization_usage_place_ids(request.user, organization)
    if place_ids is not None and not place_ids:
        raise PermissionDenied
    rows = selectors.organization_usage_by_month(organization=organization, place_ids=place_ids)
    context = {
        "organization": organization,
        "rows": rows,
        "only_my_places": place_ids is not None,
        "chart": _usage_chart(rows),
    }
    return render(request, "presence/organization_usage.html", context)
