"""The treasurer's pages of a place's economy (its model, other income, budget, sales
journal) and the network's (its model, its settlement invoiced). Who opens what:
- the economic model of a place: its treasurers and concierges (and the network admins);
- other income: listed for them too, recorded, changed and deleted by its treasurers;
- the budget and the sales journal: its treasurers;
- the network's model, the settlement invoices and what the network is owed: the network
  admins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community import permissions
from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.core.spreadsheet_csv import csv_response
from comptoir.economy import journal, outstanding, pictures, selectors, services
from comptoir.economy.forms import (
    BudgetForm,
    IncomeForm,
    ModelYearForm,
    MonthForm,
    PeriodForm,
    YearForm,
)
from comptoir.economy.models import OtherIncome
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Network, Place

INVALID = 422


def _place(request: AuthedRequest, slug: str, *, write: bool) -> Place:
    """The place: 404 when unknown, 403 unless the user keeps its accounts (or, to read,
    is one of its concierges)."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    allowed = permissions.can_keep_accounts if write else permissions.can_read_accounts
    if not allowed(request.user, place.pk):
        raise PermissionDenied
    return place


def _network(request: AuthedRequest, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    if not permissions.is_network_admin(request.user):
        raise PermissionDenied
    return network


def _year(request: AuthedRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None)
    return form, form.year() if form.is_bound else timezone.localdate().year


def _model_year(request: AuthedRequest) -> tuple[ModelYearForm, int]:
    form = ModelYearForm(request.GET or None)
    return form, form.year() if form.is_bound else timezone.localdate().year


def _model_context(form: ModelYearForm, year: int, place_ids: list[int]) -> dict[str, Any]:
    rate = form.hour_rate_cents() if form.is_bound else None
    model = selectors.economic_model(place_ids=place_ids, year=year, hour_rate_cents=rate)
    context = {"form": form, "year": year, "model": model, "months": _month_names(year)}
    return context | pictures.charts(model)


def _month_names(year: int) -> list[dt.date]:
    return [dt.date(year, month, 1) for month in range(1, 13)]


@login_required
@require_GET
def place_economy(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, write=False)
    form, year = _model_year(request)
    context = _model_context(form, year, [place.pk])
    context |= {
        "place": place,
        "keeps_accounts": permissions.can_keep_accounts(request.user, place.pk),
    }
    status = INVALID if form.is_bound and not form.is_valid() else 200
    return render(request, "economy/place_economy.html", context, status=status)


@login_required
@require_GET
def network_economy(request: AuthedRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    form, year = _model_year(request)
    context = _model_context(form, year, selectors.network_place_ids(network=network))
    month_form = MonthForm(initial={"mois": f"{timezone.localdate():%Y-%m}"})
    context |= {
        "network": network,
        "month_form": month_form,
        "settlements": selectors.settlement_invoices(network=network, year=year),
    }
    status = INVALID if form.is_bound and not form.is_valid() else 200
    return render(request, "economy/network_economy.html", context, status=status)


@login_required
@require_POST
def settlement_invoice(request: AuthedRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    form = MonthForm(request.POST)
    if form.is_valid():
        try:
            outcome = services.settlement_invoice(
                network=network, month=form.cleaned_data["mois"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(created)s settlement invoices issued (%(existing)s already were).")
                % {"created": len(outcome.created), "existing": outcome.existing},
            )
            return redirect("economy:network", slug=slug)
    _year_form, year = ModelYearForm(), timezone.localdate().year
    context = _model_context(_year_form, year, selectors.network_place_ids(network=network))
    context |= {
        "network": network,
        "month_form": form,
        "settlements": selectors.settlement_invoices(network=network, year=year),
    }
    return render(request, "economy/network_economy.html", context, status=INVALID)


def _income_context(
    request: AuthedRequest, place: Place, form: IncomeForm | None
) -> dict[str, Any]:
    incomes = selectors.other_income_of_place(place_id=place.pk)
    page = Paginator(incomes, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    keeps = permissions.can_keep_accounts(request.user, place.pk)
    if form is None and keeps:
        form = IncomeForm(initial={"received_on": timezone.localdate()})
    return {"place": place, "page": page, "form": form, "keeps_accounts": keeps}


@login_required
@require_GET
def income_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, write=False)
    return render(request, "economy/income_list.html", _income_context(request, place, None))


@login_required
@require_POST
def income_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, write=True)
    form = IncomeForm(request.POST)
    if form.is_valid():
        try:
            income = services.income_record(place=place, spec=form.spec(), by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Income recorded: %(label)s.") % {"label": income.label})
            return redirect("economy:income-list", slug=slug)
    context = _income_context(request, place, form)
    return render(request, "economy/income_list.html", context, status=INVALID)


def _income(place: Place, pk: int) -> OtherIncome:
    try:
        return selectors.other_income_get(place_id=place.pk, pk=pk)
    except OtherIncome.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_http_methods(["GET", "POST"])
def income_edit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place(request, slug, write=True)
    income = _income(place, pk)
    if request.method == "GET":
        form = IncomeForm(initial=IncomeForm.initial_of(income))
        return render(
            request, "economy/income_edit.html", {"place": place, "form": form, "income": income}
        )
    form = IncomeForm(request.POST)
    if form.is_valid():
        try:
            services.income_update(income=income, spec=form.spec(), by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Income saved."))
            return redirect("economy:income-list", slug=slug)
    context = {"place": place, "form": form, "income": income}
    return render(request, "economy/income_edit.html", context, status=INVALID)


@login_required
@require_POST
def income_delete(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place(request, slug, write=True)
    income = _income(place, pk)
    try:
        services.income_delete(income=income, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("economy:income-edit", slug=slug, pk=pk)
    messages.success(request, _("Income deleted."))
    return redirect("economy:income-list", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, write=True)
    if request.method == "GET":
        year_form, year = _year(request)
        amounts = selectors.budget_of_place(place_id=place.pk, year=year)
        form = BudgetForm(initial=BudgetForm.initial_of(year, amounts))
        context = {"place": place, "form": form, "year": year, "year_form": year_form}
        return render(request, "economy/budget.html", context)
    form = BudgetForm(request.POST)
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            services.budget_set(place=place, year=year, amounts=form.amounts(), by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Budget %(year)s saved.") % {"year": year})
            return redirect(f"{place_economy_url(place)}?annee={year}")
    context = {"place": place, "form": form, "year": year, "year_form": YearForm()}
    return render(request, "economy/budget.html", context, status=INVALID)


def place_economy_url(place: Place) -> str:
    return reverse("economy:place", kwargs={"slug": place.slug})


@login_required
@require_GET
def sales_journal(request: AuthedRequest, slug: str) -> HttpResponse:
    """The form; with a valid period and `format` (csv or xlsx), the file."""
    place = _place(request, slug, write=True)
    form = PeriodForm(request.GET or None)
    wanted = request.GET.get("format", "")
    if form.is_bound and form.is_valid() and wanted in ("csv", "xlsx"):
        start, end = form.cleaned_data["du"], form.cleaned_data["au"]
        rows = journal.rows(place_id=place.pk, start=start, end=end)
        stem = journal.file_stem(place_slug=place.slug, start=start, end=end)
        if wanted == "csv":
            return csv_response(journal.as_csv(rows), f"{stem}.csv")
        title = _("Sales journal of %(place)s") % {"place": place.name}
        response = HttpResponse(journal.as_xlsx(rows, title=title), content_type=journal.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if form.is_bound and form.is_valid():
        form.add_error(None, _("Choose CSV or spreadsheet."))
    if not form.is_bound:
        today = timezone.localdate()
        form = PeriodForm(initial={"du": today.replace(month=1, day=1), "au": today})
    status = INVALID if form.is_bound else 200
    return render(
        request, "economy/sales_journal.html", {"place": place, "form": form}, status=status
    )


@login_required
@require_GET
def network_outstanding(request: AuthedRequest, slug: str) -> HttpResponse:
    """What the network's places are owed today, by place and age, the oldest first."""
    network = _network(request, slug)
    report = outstanding.network_outstanding(
        places=selectors.network_places(network=network), today=timezone.localdate()
    )
    context = {
        "network": network,
        "report": report,
        "buckets": [label for _key, _last, label in outstanding.BUCKETS],
    }
    return render(request, "economy/network_outstanding.html", context)
