"""The conciergerie's pages. Who opens what:
- a place's catalogue: anyone; asking: the members the service is offered to, and
  neighbours (no account needed) where it is open to them;
- the queue of requests, the catalogue's management and the parcel log: the place's
  concierges (and the network admins);
- a request and its messages: its requester and the place's concierges;
- "my requests", "my parcels": each person's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.conciergerie import permissions, selectors, services
from comptoir.conciergerie.forms import (
    HandOverForm,
    MessageForm,
    MoveForm,
    NeighbourRequestForm,
    ParcelForm,
    RequestForm,
    ServiceForm,
)
from comptoir.conciergerie.models import Parcel, Request, Service
from comptoir.conciergerie.services.requests import may_ask
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
CATALOGUE_PAGE = "conciergerie/catalogue.html"
SERVICES_PAGE = "conciergerie/service_list.html"
QUEUE_PAGE = "conciergerie/request_queue.html"
REQUEST_PAGE = "conciergerie/request_detail.html"
PARCELS_PAGE = "conciergerie/parcel_list.html"


def _place(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _desk_place(request: AuthedRequest, slug: str) -> Place:
    """404 when the place is unknown, 403 unless the user runs its conciergerie."""
    place = _place(slug)
    if not permissions.can_run_conciergerie(request.user, place.pk):
        raise PermissionDenied
    return place


def _page(request: HtmxRequest, rows: Any) -> Any:
    return Paginator(rows, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))


# --- The catalogue and asking ----------------------------------------------------------------


def _catalogue(
    request: HtmxRequest, place: Place, failed: tuple[int, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    form_class = RequestForm if user else NeighbourRequestForm
    rows = []
    for service in selectors.services_of_place(place=place):
        form = (
            failed[1] if failed and failed[0] == service.pk else form_class(prefix=f"s{service.pk}")
        )
        rows.append((service, may_ask(service, user), form))  # type: ignore[arg-type]
    context = {
        "place": place,
        "rows": rows,
        "desk": permissions.can_run_conciergerie(request.user, place.pk),
    }
    return render(request, CATALOGUE_PAGE, context, status=status)


@require_GET
def catalogue(request: HtmxRequest, slug: str) -> HttpResponse:
    return _catalogue(request, _place(slug))


@require_POST
def request_create(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    place = _place(slug)
    try:
        service = selectors.service_get(place=place, pk=pk)
    except Service.DoesNotExist as missing:
        raise Http404 from missing
    user = request.user if request.user.is_authenticated else None
    form = (RequestForm if user else NeighbourRequestForm)(request.POST, prefix=f"s{service.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.request_create(
                service=service,
                requester=user,  # type: ignore[arg-type]
                details=data["details"],
                contact_name=data.get("contact_name", ""),
                contact_email=data.get("contact_email", ""),
                contact_phone=data.get("contact_phone", ""),
                by=user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Your request for “%(service)s” is sent to the desk.") % {"service": service},
            )
            if user is None:
                return redirect("conciergerie:catalogue", slug=slug)
            return redirect("conciergerie:request-detail", pk=made.pk)
    return _catalogue(request, place, failed=(service.pk, form), status=INVALID)


# --- The catalogue's management --------------------------------------------------------------


def _services_page(
    request: AuthedRequest, place: Place, form: ServiceForm, status: int = 200
) -> HttpResponse:
    rows = selectors.services_of_place(place=place, offered_only=False)
    context = {"place": place, "form": form, "services": rows}
    return render(request, SERVICES_PAGE, context, status=status)


@login_required
@require_GET
def service_list(request: AuthedRequest, slug: str) -> HttpResponse:
    return _services_page(request, _desk_place(request, slug), ServiceForm())


@login_required
@require_POST
def service_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _desk_place(request, slug)
    form = ServiceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service = services.service_create(
                place=place,
                kind=data["kind"],
                name=data["name"],
                description=data["description"],
                price_cents=data["price"],
                delay_hours=data["delay_hours"],
                roles=data["roles"],
                open_to_neighbours=data["open_to_neighbours"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Service “%(name)s” added.") % {"name": service.name})
            return redirect("conciergerie:services", slug=slug)
    return _services_page(request, place, form, status=INVALID)


@login_required
@require_POST
def service_toggle(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _desk_place(request, slug)
    try:
        service = selectors.service_get(place=place, pk=pk)
    except Service.DoesNotExist as missing:
        raise Http404 from missing
    services.service_set_active(service=service, active=not service.is_active, by=request.user)
    if service.is_active:
        messages.success(request, _("“%(name)s” is offered again.") % {"name": service.name})
    else:
        messages.success(request, _("“%(name)s” is withdrawn.") % {"name": service.name})
    return redirect("conciergerie:services", slug=slug)


# --- The queue and a request -----------------------------------------------------------------


@login_required
@require_GET
def request_queue(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _desk_place(request, slug)
    status = request.GET.get("statut", "")
    status = status if status in Request.Status.values else ""
    context = {
        "place": place,
        "status": status,
        "statuses": Request.Status.choices,
        "counts": selectors.queue_counts(place=place),
        "page": _page(request, selectors.request_queue(place=place, status=status)),
    }
    return render(request, QUEUE_PAGE, context)


def _request(request: AuthedRequest, pk: int) -> Request:
    """404 for a request the user may not see."""
    try:
        found = selectors.request_get(pk=pk)
    except Request.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_view_request(request.user, found):
        raise Http404
    return found


def _request_page(
    request: AuthedRequest,
    found: Request,
    *,
    message_form: MessageForm | None = None,
    move_form: MoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    desk = permissions.can_run_conciergerie(request.user, found.place_id)
    moves = [(to, label) for to, label in Request.Status.choices if found.can_become(to)]
    if not desk:
        moves = [(to, label) for to, label in moves if to == Request.Status.CANCELLED]
    context = {
        "req": found,
        "desk": desk,
        "moves": moves,
        "thread": selectors.messages_of(request=found),
        "message_form": message_form or MessageForm(),
        "move_form": move_form or MoveForm(),
    }
    return render(request, REQUEST_PAGE, context, status=status)


@login_required
@require_GET
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _request_page(request, _request(request, pk))


@login_required
@require_POST
def request_move(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.request_move(
                request=found,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return _request_page(
                request, selectors.request_get(pk=pk), move_form=form, status=error.status
            )
        messages.success(
            request,
            _("Request #%(pk)s: %(status)s.") % {"pk": pk, "status": found.get_status_display()},
        )
        return redirect("conciergerie:request-detail", pk=pk)
    return _request_page(request, found, move_form=form, status=INVALID)


@login_required
@require_POST
def message_create(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _request(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_add(request=found, body=form.cleaned_data["body"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Message sent."))
            return redirect("conciergerie:request-detail", pk=pk)
    return _request_page(request, found, message_form=form, status=INVALID)


@login_required
@require_GET
def my_requests(request: AuthedRequest) -> HttpResponse:
    page = _page(request, selectors.requests_of_person(person=request.user))
    return render(request, "conciergerie/my_requests.html", {"page": page})


# --- Parcels ---------------------------------------------------------------------------------


def _addressee_filter(request: AuthedRequest) -> int | None:
    value = request.GET.get("pour", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _parcels_page(
    request: AuthedRequest, place: Place, form: ParcelForm, status: int = 200
) -> HttpResponse:
    waiting_only = request.GET.get("tous") != "1"
    parcels = selectors.parcel_log(place=place, waiting_only=waiting_only)
    addressee = _addressee_filter(request)
    if addressee is not None:
        parcels = parcels.filter(addressee_id=addressee)
    context = {
        "place": place,
        "form": form,
        "waiting_only": waiting_only,
        "addressee": addressee,
        "page": _page(request, parcels),
        "hand_over_form": HandOverForm(),
    }
    return render(request, PARCELS_PAGE, context, status=status)


@login_required
@require_GET
def parcel_list(request: AuthedRequest, slug: str) -> HttpResponse:
    return _parcels_page(request, _desk_place(request, slug), ParcelForm())


@login_required
@require_POST
def parcel_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _desk_place(request, slug)
    form = ParcelForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        addressee = selectors.person_by_email(email=data["addressee_email"])
        if addressee is None:
            form.add_error("addressee_email", _("Nobody has this email address in Comptoir."))
        else:
            try:
                parcel = services.parcel_log(
                    place=place,
                    addressee=addressee,
                    carrier=data["carrier"],
                    shelf=data["shelf"],
                    reference=data["reference"],
                    photo=form.prepared,
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Parcel for %(name)s logged; they are told by email.")
                    % {"name": parcel.addressee.display_name},
                )
                return redirect("conciergerie:parcels", slug=slug)
    return _parcels_page(request, place, form, status=INVALID)


@login_required
@require_POST
def parcel_hand_over(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _desk_place(request, slug)
    try:
        parcel = selectors.parcel_get(place=place, pk=pk)
    except Parcel.DoesNotExist as missing:
        raise Http404 from missing
    form = HandOverForm(request.POST)
    collected_by = form.cleaned_data["collected_by"] if form.is_valid() else ""
    try:
        services.parcel_hand_over(parcel=parcel, collected_by=collected_by, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Parcel handed over to %(name)s.") % {"name": parcel.collected_by},
        )
    return redirect("conciergerie:parcels", slug=slug)


@login_required
@require_GET
def my_parcels(request: AuthedRequest) -> HttpResponse:
    page = _page(request, selectors.parcels_of_person(person=request.user))
    return render(request, "conciergerie/my_parcels.html", {"page": page})
