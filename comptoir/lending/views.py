"""The library of things' pages: the catalogue of a place and an item's page (its calendar,
a reservation, its photos and damage notes) for the place's members; the member's own
loans; the desk (hand-overs, returns, statistics) and the overdue list for its concierges;
an item's QR label. Refusals are 4xx with the service's message; nothing is half-saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.core.money import format_cents
from comptoir.core.photos.selectors import photos_by_object, photos_of
from comptoir.lending import selectors, services
from comptoir.lending.forms import (
    CheckOutForm,
    DamageForm,
    ItemEditForm,
    ItemForm,
    ReserveForm,
    ReturnForm,
)
from comptoir.lending.models import Item, Loan
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422


def _place(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def library_place(request: AuthedRequest, slug: str, *, manage: bool = False) -> Place:
    """404 for an unknown place, 403 unless the user may see (or manage) its library."""
    place = _place(slug)
    allowed = selectors.can_manage_library if manage else selectors.can_view_library
    if not allowed(request.user, place.pk):
        raise PermissionDenied
    return place


def _item(place: Place, pk: int) -> Item:
    return get_object_or_404(Item.objects.select_related("owner", "place"), place=place, pk=pk)


# --- catalogue and item ------------------------------------------------------------------


def _catalogue(
    request: AuthedRequest, place: Place, form: ItemForm, status: int = 200
) -> HttpResponse:
    manages = selectors.can_manage_library(request.user, place.pk)
    items = list(selectors.items_of_place(place=place, include_inactive=manages))
    pictures = photos_by_object({"lending_item": [item.pk for item in items]})
    rows = [(item, next(iter(pictures.get(("lending_item", item.pk), [])), None)) for item in items]
    context = {"place": place, "rows": rows, "manages": manages, "form": form}
    return render(request, "lending/catalogue.html", context, status=status)


@login_required
@require_GET
def catalogue(request: AuthedRequest, slug: str) -> HttpResponse:
    return _catalogue(request, library_place(request, slug), ItemForm())


@login_required
@require_POST
def item_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = library_place(request, slug, manage=True)
    form = ItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(
                place=place,
                name=data["name"],
                category=data["category"],
                condition=data["condition"],
                deposit_cents=data["deposit_euros"] * 100,
                max_loan_days=data["max_loan_days"],
                description=data["description"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The item was added to the library."))
            return redirect("lending:item", slug=place.slug, pk=item.pk)
    return _catalogue(request, place, form, status=INVALID)


def _item_page(
    request: AuthedRequest,
    place: Place,
    item: Item,
    form: ReserveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = services.place_today(place)
    loans = selectors.item_loans_ahead(item=item, today=today)
    manages = selectors.can_manage_library(request.user, place.pk)
    context = {
        "place": place,
        "item": item,
        "today": today,
        "loans": loans if manages else [],
        "calendar": selectors.item_calendar(loans=loans, today=today),
        "photos": photos_of(kind="lending_item", object_id=item.pk),
        "form": form or ReserveForm(initial={"starts_on": today, "due_on": today}),
        "manages": manages,
        "can_edit": manages or item.owner_id == request.user.pk,
        "damage_notes": list(selectors.damage_notes_of(item=item)) if manages else [],
        "damage_form": DamageForm(),
    }
    return render(request, "lending/item.html", context, status=status)


@login_required
@require_GET
def item_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = library_place(request, slug)
    return _item_page(request, place, _item(place, pk))


def _cents(euros: Decimal | None) -> int:
    return int((euros or Decimal(0)) * 100)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """The item's owner or a concierge of the place changes it."""
    place = _place(slug)
    item = _item(place, pk)
    if not services.can_edit_item(request.user, item):
        raise PermissionDenied
    if request.method != "POST":
        form = ItemEditForm.of(item)
        return render(
            request, "lending/item_edit.html", {"place": place, "item": item, "form": form}
        )
    form = ItemEditForm(request.POST)
    status = INVALID
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                item=item,
                by=request.user,
                name=data["name"],
                description=data["description"],
                condition=data["condition"],
                deposit_cents=_cents(data["deposit_euros"]),
                max_loan_days=data["max_loan_days"],
                is_active=data["is_active"],
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            messages.success(request, _("The item was changed."))
            return redirect("lending:item", slug=place.slug, pk=item.pk)
    context = {"place": place, "item": item, "form": form}
    return render(request, "lending/item_edit.html", context, status=status)


@login_required
@require_POST
def reserve(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = library_place(request, slug)
    item = _item(place, pk)
    form = ReserveForm(request.POST)
    if form.is_valid():
        try:
            services.loan_reserve(
                item=item,
                borrower=request.user,
                starts_on=form.cleaned_data["starts_on"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
            return _item_page(request, place, item, form, status=error.status)
        messages.success(request, _("The item is reserved for you: collect it at the desk."))
        return redirect("lending:my-loans")
    return _item_page(request, place, item, form, status=INVALID)


@login_required
@require_POST
def damage_add(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = library_place(request, slug, manage=True)
    item = _item(place, pk)
    form = DamageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what is damaged."))
        return _item_page(request, place, item, status=INVALID)
    services.damage_note_add(item=item, note=form.cleaned_data["note"], by=request.user)
    messages.success(request, _("The damage was noted."))
    return redirect("lending:item", slug=place.slug, pk=item.pk)


@login_required
@require_GET
def item_qr(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """The item's label: a QR code of its page's address, to stick on the object."""
    place = library_place(request, slug, manage=True)
    item = _item(place, pk)
    url = request.build_absolute_uri(
        reverse("lending:item", kwargs={"slug": place.slug, "pk": item.pk})
    )
    svg = segno.make(url, error="m").svg_inline(scale=4, title=item.name)
    return render(
        request, "lending/item_label.html", {"place": place, "item": item, "svg": svg, "url": url}
    )


# --- the member's loans --------------------------------------------------------------------


@login_required
@require_GET
def my_loans(request: AuthedRequest) -> HttpResponse:
    loans = list(selectors.loans_of_person(person=request.user)[:100])
    return render(request, "lending/my_loans.html", {"loans": loans})


@login_required
@require_POST
def loan_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(Loan.objects.select_related("item__place"), pk=pk)
    if not services.can_cancel(request.user, loan):
        raise Http404
    try:
        services.loan_cancel(loan=loan, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("lending:my-loans")
    messages.success(request, _("The reservation was cancelled."))
    return redirect("lending:my-loans")


# --- the desk ------------------------------------------------------------------------------


def _desk(request: AuthedRequest, place: Place, status: int = 200, **forms: Any) -> HttpResponse:
    today = services.place_today(place)
    context = {
        "place": place,
        "today": today,
        "loans": list(selectors.loans_at_desk(place=place, today=today)),
        "stats": list(selectors.loan_stats(place=place)),
        "check_out_form": forms.get("check_out_form") or CheckOutForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
    }
    return render(request, "lending/desk.html", context, status=status)


@login_required
@require_GET
def desk(request: AuthedRequest, slug: str) -> HttpResponse:
    return _desk(request, library_place(request, slug, manage=True))


def _desk_loan(place: Place, pk: int) -> Loan:
    return get_object_or_404(
        Loan.objects.select_related("item__place", "borrower"), item__place=place, pk=pk
    )


@login_required
@require_POST
def check_out(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = library_place(request, slug, manage=True)
    loan = _desk_loan(place, pk)
    form = CheckOutForm(request.POST)
    if not form.is_valid():
        return _desk(request, place, INVALID, check_out_form=form)
    try:
        services.loan_check_out(
            loan=loan, by=request.user, deposit_method=form.cleaned_data["deposit_method"]
        )
    except DomainError as error:
        add_domain_error(form, error)
        messages.error(request, error.message)
        return _desk(request, place, error.status, check_out_form=form)
    messages.success(request, _("Handed over: %(item)s.") % {"item": loan.item.name})
    return redirect("lending:desk", slug=place.slug)


@login_required
@require_POST
def loan_return(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = library_place(request, slug, manage=True)
    loan = _desk_loan(place, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _desk(request, place, INVALID, return_form=form)
    try:
        returned = services.loan_return(
            loan=loan,
            by=request.user,
            condition=form.cleaned_data["condition"],
            damage=form.cleaned_data["damage"],
            deposit_kept_cents=_cents(form.cleaned_data["deposit_kept_euros"]),
        )
    except DomainError as error:
        add_domain_error(form, error)
        messages.error(request, error.message)
        return _desk(request, place, error.status, return_form=form)
    messages.success(request, _("Returned: %(item)s.") % {"item": loan.item.name})
    if returned.deposit_order is not None:
        back = returned.deposit_order.total_cents - returned.deposit_kept_cents
        messages.info(
            request,
            _("Deposit given back: %(back)s; kept: %(kept)s.")
            % {"back": format_cents(back), "kept": format_cents(returned.deposit_kept_cents)},
        )
    return redirect("lending:desk", slug=place.slug)


@login_required
@require_http_methods(["GET"])
def overdue(request: AuthedRequest, slug: str) -> HttpResponse:
    place = library_place(request, slug, manage=True)
    today = services.place_today(place)
    loans = list(selectors.loans_overdue(place=place, today=today))
    return render(request, "lending/overdue.html", {"place": place, "today": today, "loans": loans})
