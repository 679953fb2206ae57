"""The treasurer's pages of a place's legal entity: its closings (the list, and the form that
closes a day, a month or a year) and its FEC (a year's file to download). Only the place's
treasurers and the network admins open them (`permissions.can_keep_accounts`)."""

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

from comptoir.community import permissions
from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.invoicing import closing_selectors, fec
from comptoir.invoicing.forms_accounts import ChartForm, ClosingForm, FecForm
from comptoir.invoicing.services import accounts
from comptoir.invoicing.services.closings import closing_close
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
CLOSINGS_PAGE = "invoicing/closing_list.html"
FEC_PAGE = "invoicing/fec.html"


def accounts_place(request: AuthedRequest, slug: str) -> Place:
    """The place whose entity's accounts the user opens: 404 when unknown, 403 unless they
    keep its accounts."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_keep_accounts(request.user, place.pk):
        raise PermissionDenied
    return place


def _closings_context(request: AuthedRequest, place: Place, form: ClosingForm) -> dict[str, Any]:
    page = None
    if place.legal_entity_id is not None:
        closings = closing_selectors.closings_of_entity(seller_id=place.legal_entity_id)
        page = Paginator(closings, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"place": place, "page": page, "form": form}


@login_required
@require_GET
def closing_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = accounts_place(request, slug)
    return render(request, CLOSINGS_PAGE, _closings_context(request, place, ClosingForm()))


@login_required
@require_POST
def closing_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = accounts_place(request, slug)
    form = ClosingForm(request.POST)
    entity_id = place.legal_entity_id
    if form.is_valid() and entity_id is None:
        form.add_error(None, _("This place has no legal entity: it has no accounts."))
    elif form.is_valid() and entity_id is not None:
        try:
            closing = closing_close(
                seller_id=entity_id,
                kind=form.cleaned_data["kind"],
                day=form.cleaned_data["day"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Closing recorded: %(period)s (fingerprint %(hash)s).")
                % {"period": closing, "hash": closing.hash[:12]},
            )
            return redirect("invoicing:closing-list", slug=slug)
    return render(request, CLOSINGS_PAGE, _closings_context(request, place, form), status=INVALID)


def _fec_context(
    place: Place, form: FecForm, chart_form: ChartForm | None = None
) -> dict[str, Any]:
    """The FEC form, and the chart of accounts of the entity where it invoices."""
    profile = closing_selectors.invoicing_profile(seller_id=place.legal_entity_id)
    if chart_form is None and profile is not None:
        chart_form = ChartForm(initial=profile.accounts, defaults=fec.DEFAULT_ACCOUNTS)
    return {"place": place, "form": form, "chart_form": chart_form if profile else None}


@login_required
@require_GET
def fec_page(request: AuthedRequest, slug: str) -> HttpResponse:
    """The FEC form; with a valid `year`, the file itself."""
    place = accounts_place(request, slug)
    form = FecForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if place.legal_entity is None:
            form.add_error(None, _("This place has no legal entity: it has no accounts."))
        else:
            return fec_response(place, form.cleaned_data["year"])
    status = INVALID if form.is_bound else 200
    return render(request, FEC_PAGE, _fec_context(place, form), status=status)


@login_required
@require_POST
def chart_update(request: AuthedRequest, slug: str) -> HttpResponse:
    """The entity's account numbers, for its FEC."""
    place = accounts_place(request, slug)
    form = ChartForm(request.POST, defaults=fec.DEFAULT_ACCOUNTS)
    entity_id = place.legal_entity_id
    if form.is_valid() and entity_id is None:
        form.add_error(None, _("This place has no legal entity: it has no accounts."))
    elif form.is_valid() and entity_id is not None:
        try:
            accounts.chart_update(seller_id=entity_id, accounts=form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Chart of accounts saved."))
            return redirect("invoicing:fec", slug=slug)
    context = _fec_context(place, FecForm(), chart_form=form)
    context["chart_form"] = form
    return render(request, FEC_PAGE, context, status=INVALID)


def fec_response(place: Place, year: int) -> HttpResponse:
    """The FEC of the place's entity for the year, as a download."""
    entity = place.legal_entity
    assert entity is not None
    text = fec.render(fec.rows_of_year(seller_id=entity.pk, year=year))
    response = HttpResponse(text.encode(), content_type="text/plain; charset=utf-8")
    name = fec.file_name(siren=(entity.siret or "")[:9], year=year)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
