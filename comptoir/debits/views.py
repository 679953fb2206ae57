"""The direct-debit pages of a place, for its concierges and treasurers
(`permissions.can_collect_debits`): its mandates (record one, revoke one), the entity's
creditor details (its treasurers), the monthly batches (prepare one, download its pain.008
file) and each batch's debits (record a return)."""

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
from comptoir.debits import selectors, services
from comptoir.debits.forms import BatchForm, CreditorForm, MandateForm, ReturnForm
from comptoir.debits.models import Batch, Debit, Mandate
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
# The creditor form shares its IBAN and BIC fields with the mandate form on one page.
CREDITOR = "creditor"
MANDATES_PAGE = "debits/mandate_list.html"
BATCHES_PAGE = "debits/batch_list.html"
BATCH_PAGE = "debits/batch_detail.html"


def debits_place(request: AuthedRequest, slug: str) -> Place:
    """404 when the place is unknown, 403 unless the user collects its debits."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_collect_debits(request.user, place.pk):
        raise PermissionDenied
    return place


def _mandates_context(
    request: AuthedRequest,
    place: Place,
    form: MandateForm,
    creditor_form: CreditorForm | None = None,
) -> dict[str, Any]:
    creditor = selectors.creditor_of_entity(organization_id=place.legal_entity_id)
    keeps_accounts = permissions.can_keep_accounts(request.user, place.pk)
    if creditor_form is None and keeps_accounts and place.legal_entity_id is not None:
        initial = (
            {"creditor_id": creditor.creditor_id, "iban": creditor.iban, "bic": creditor.bic}
            if creditor
            else {}
        )
        creditor_form = CreditorForm(initial=initial, prefix=CREDITOR)
    page = Paginator(selectors.mandates_of_place(place=place), settings.COMPTOIR_PAGE_SIZE)
    return {
        "place": place,
        "creditor": creditor,
        "creditor_form": creditor_form if keeps_accounts else None,
        "form": form,
        "page": page.get_page(request.GET.get("page")),
    }


@login_required
@require_GET
def mandate_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = debits_place(request, slug)
    return render(request, MANDATES_PAGE, _mandates_context(request, place, MandateForm()))


@login_required
@require_POST
def mandate_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = debits_place(request, slug)
    form = MandateForm(request.POST)
    if form.is_valid():
        person = selectors.person_by_email(email=form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("Nobody has this email address in Comptoir."))
        else:
            try:
                mandate = services.mandate_create(
                    place=place,
                    person=person,
                    iban=form.cleaned_data["iban"],
                    bic=form.cleaned_data["bic"],
                    debtor_name=form.cleaned_data["debtor_name"],
                    signed_on=form.cleaned_data["signed_on"],
                    reference=form.cleaned_data["reference"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Mandate %(reference)s recorded for %(person)s.")
                    % {"reference": mandate.reference, "person": mandate.debtor_name},
                )
                return redirect("debits:mandates", slug=slug)
    context = _mandates_context(request, place, form)
    return render(request, MANDATES_PAGE, context, status=INVALID)


@login_required
@require_POST
def mandate_revoke(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = debits_place(request, slug)
    try:
        mandate = selectors.mandate_get(pk=pk)
    except Mandate.DoesNotExist as missing:
        raise Http404 from missing
    if mandate.place_id != place.pk:
        raise Http404
    try:
        services.mandate_revoke(mandate=mandate, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Mandate %(reference)s revoked.") % {"reference": mandate})
    return redirect("debits:mandates", slug=slug)


@login_required
@require_POST
def creditor_update(request: AuthedRequest, slug: str) -> HttpResponse:
    place = debits_place(request, slug)
    if not permissions.can_keep_accounts(request.user, place.pk):
        raise PermissionDenied
    form = CreditorForm(request.POST, prefix=CREDITOR)
    if form.is_valid() and place.legal_entity is None:
        form.add_error(None, _("This place has no legal entity: it has no accounts."))
    elif form.is_valid() and place.legal_entity is not None:
        try:
            services.creditor_set(
                organization=place.legal_entity,
                creditor_id=form.cleaned_data["creditor_id"],
                iban=form.cleaned_data["iban"],
                bic=form.cleaned_data["bic"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Creditor details saved."))
            return redirect("debits:mandates", slug=slug)
    context = _mandates_context(request, place, MandateForm(), creditor_form=form)
    return render(request, MANDATES_PAGE, context, status=INVALID)


def _batches_context(request: AuthedRequest, place: Place, form: BatchForm) -> dict[str, Any]:
    page = Paginator(selectors.batches_of_place(place=place), settings.COMPTOIR_PAGE_SIZE)
    return {"place": place, "form": form, "page": page.get_page(request.GET.get("page"))}


@login_required
@require_GET
def batch_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = debits_place(request, slug)
    return render(request, BATCHES_PAGE, _batches_context(request, place, BatchForm()))


@login_required
@require_POST
def batch_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = debits_place(request, slug)
    form = BatchForm(request.POST)
    if form.is_valid():
        try:
            batch = services.batch_create(
                place=place, month=form.cleaned_data["month"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Batch of %(month)s prepared: %(count)s debits. Download its file for the bank.")
                % {"month": batch, "count": batch.debit_count},
            )
            return redirect("debits:batch-detail", slug=slug, pk=batch.pk)
    return render(request, BATCHES_PAGE, _batches_context(request, place, form), status=INVALID)


def _batch(place: Place, pk: int) -> Batch:
    try:
        return selectors.batch_get(place=place, pk=pk)
    except Batch.DoesNotExist as missing:
        raise Http404 from missing


def _batch_page(
    request: AuthedRequest,
    place: Place,
    batch: Batch,
    *,
    failed: tuple[int, ReturnForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    debits = list(selectors.debits_of_batch(batch=batch))
    forms = {debit.pk: ReturnForm(prefix=f"d{debit.pk}") for debit in debits}
    if failed is not None:
        forms[failed[0]] = failed[1]
    rows = [(debit, forms[debit.pk]) for debit in debits]
    context = {"place": place, "batch": batch, "rows": rows}
    return render(request, BATCH_PAGE, context, status=status)


@login_required
@require_GET
def batch_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = debits_place(request, slug)
    return _batch_page(request, place, _batch(place, pk))


@login_required
@require_GET
def batch_xml(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = debits_place(request, slug)
    batch = _batch(place, pk)
    response = HttpResponse(batch.xml.encode(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.file_name}"'
    return response


@login_required
@require_POST
def debit_return(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = debits_place(request, slug)
    try:
        debit = selectors.debit_get(pk=pk)
    except Debit.DoesNotExist as missing:
        raise Http404 from missing
    if debit.batch.place_id != place.pk:
        raise Http404
    form = ReturnForm(request.POST, prefix=f"d{debit.pk}")
    if form.is_valid():
        try:
            services.debit_return(
                debit=debit,
                reason=form.cleaned_data["reason"],
                returned_on=form.cleaned_data["returned_on"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Debit %(reference)s recorded as returned: its order is due again.")
                % {"reference": debit.end_to_end_id},
            )
            return redirect("debits:batch-detail", slug=slug, pk=debit.batch_id)
    return _batch_page(request, place, debit.batch, failed=(debit.pk, form), status=INVALID)
