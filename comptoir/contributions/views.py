"""Contribution pages: logging what one gave to a project or to a place, the validation
queue of porteurs and concierges, one's history with one's shares, a project's ValueFlows
export, and the concierges' prestations with their distribution statements. Views parse
input, call one service and choose the response; refusals keep their 4xx status and say
why; nothing is half-saved."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community import permissions
from comptoir.contributions import permissions as rules
from comptoir.contributions import selectors, valueflows
from comptoir.contributions.forms import ContributionForm, DecisionForm, PrestationForm
from comptoir.contributions.models import Contribution, Prestation
from comptoir.contributions.services import contributions as services
from comptoir.contributions.services import redistribution
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place
from comptoir.projects.models import Project

INVALID = 422
TEMPLATES = "contributions/"


def _project_or_404(slug: str) -> Project:
    try:
        return selectors.project_for_contributions(slug=slug)
    except Project.DoesNotExist as missing:
        raise Http404 from missing


def _place_or_404(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, TEMPLATES + "refused.html", {"message": message}, status=status)


def _log(request: AuthedRequest, form: ContributionForm, **target: Any) -> DomainError | None:
    data = form.cleaned_data
    try:
        contribution = services.contribution_log(
            by=request.user,
            kind=data["kind"],
            quantity=data["quantity"],
            unit=data.get("unit") or None,
            description=data["description"],
            happened_on=data["happened_on"],
            **target,
        )
    except DomainError as error:
        form.add_service_error(error)
        return error
    if contribution.status == Contribution.Status.PROPOSED:
        messages.success(request, _("Thank you! Your contribution is proposed for validation."))
    else:
        messages.success(request, _("Thank you! Your contribution waits for validation."))
    return None


# --- A project's contributions -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_contributions(request: AuthedRequest, slug: str) -> HttpResponse:
    project = _project_or_404(slug)
    form = ContributionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            error = _log(request, form, project=project)
            if error is None:
                return redirect("contributions:project-contributions", slug=project.slug)
            status = error.status
        else:
            status = INVALID
    validator = rules.validates_project(request.user, project)
    items = selectors.contributions_visible_on_project(
        project=project, user=request.user, validator=validator
    )
    context = {
        "project": project,
        "form": form,
        "page": _page(request, items),
        "totals": selectors.project_totals(project=project),
        "validator": validator,
        "member": permissions.is_project_member(request.user, project),
    }
    template = TEMPLATES + "project_contributions.html"
    if request.htmx and request.method == "GET":
        template += "#contribution-rows"
    return render(request, template, context, status=status)


@require_GET
def project_contributions_jsonld(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project_or_404(slug)
    project_iri = request.build_absolute_uri(reverse("projects:detail", args=[project.slug]))

    def person_iri(pk: int) -> str:
        return request.build_absolute_uri(reverse("community:person-detail", args=[pk]))

    document = valueflows.project_document(
        project,
        selectors.project_validated_for_export(project=project),
        project_iri=project_iri,
        person_iri=person_iri,
    )
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


# --- Deciding ------------------------------------------------------------------------------


def _back(request: HttpRequest, contribution: Contribution) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    if contribution.project is not None:
        return redirect("contributions:project-contributions", slug=contribution.project.slug)
    assert contribution.place is not None  # a contribution goes to a project or a place
    return redirect("contributions:place-contributions", slug=contribution.place.slug)


@login_required
@require_POST
def contribution_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        contribution = selectors.contribution_get(pk=pk)
    except Contribution.DoesNotExist as missing:
        raise Http404 from missing
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("Choose to validate or to refuse."), 400)
    decide = (
        services.contribution_validate
        if form.cleaned_data["decision"] == "validate"
        else services.contribution_refuse
    )
    try:
        decide(contribution=contribution, by=request.user)
    except DomainError as error:
        return _refused(request, error.message, error.status)
    if contribution.status == Contribution.Status.VALIDATED:
        messages.success(request, _("Contribution validated."))
    else:
        messages.success(request, _("Contribution refused."))
    return _back(request, contribution)


# --- A place's contributions and validation queue ------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def place_contributions(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    form = ContributionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            error = _log(request, form, place=place)
            if error is None:
                return redirect("contributions:place-contributions", slug=place.slug)
            status = error.status
        else:
            status = INVALID
    concierge = rules.validates_place(request.user, place.pk)
    context: dict[str, Any] = {"place": place, "form": form, "concierge": concierge}
    if concierge:
        context["queue"] = _page(request, selectors.contributions_queue(place=place))
    context["mine"] = selectors.contributions_to_place(place=place).filter(
        contributor=request.user
    )[:20]
    return render(request, TEMPLATES + "place_contributions.html", context, status=status)


@login_required
@require_GET
def my_contributions(request: AuthedRequest) -> HttpResponse:
    context = {
        "page": _page(request, selectors.contributions_of_person(person=request.user)),
        "shares": selectors.shares_of_person(person=request.user)[:50],
    }
    return render(request, TEMPLATES + "my_contributions.html", context)


# --- Prestations -----------------------------------------------------------------------------


def _managed_place(request: AuthedRequest, slug: str) -> Place:
    place = _place_or_404(slug)
    if not permissions.can_manage_prestations(request.user, place.pk):
        raise PermissionDenied
    return place


def _managed_prestation(request: AuthedRequest, pk: int) -> Prestation:
    try:
        prestation = selectors.prestation_get(pk=pk)
    except Prestation.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_manage_prestations(request.user, prestation.place_id):
        raise PermissionDenied
    return prestation


@login_required
@require_http_methods(["GET", "POST"])
def prestation_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _managed_place(request, slug)
    form = PrestationForm(request.POST or None, place=place)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                prestation = redistribution.prestation_create(
                    place=place, by=request.user, **form.prestation_fields()
                )
            except DomainError as error:
                form.add_service_error(error)
                status = error.status
            else:
                messages.success(request, _("Prestation recorded: check its statement."))
                return redirect("contributions:prestation-detail", pk=prestation.pk)
        else:
            status = INVALID
    context = {
        "place": place,
        "form": form,
        "page": _page(request, selectors.prestations_of_place(place=place)),
    }
    return render(request, TEMPLATES + "prestation_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def prestation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The statement (computed, or as validated); POST validates it."""
    prestation = _managed_prestation(request, pk)
    status = 200
    error_message = ""
    if request.method == "POST":
        try:
            redistribution.prestation_validate(prestation=prestation, by=request.user)
        except DomainError as error:
            error_message, status = error.message, error.status
        else:
            messages.success(request, _("Statement validated: the shares are final."))
            return redirect("contributions:prestation-detail", pk=prestation.pk)
    context = {
        "prestation": prestation,
        "statement": redistribution.statement_preview(prestation=prestation),
        "error": error_message,
    }
    return render(request, TEMPLATES + "prestation_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def prestation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    prestation = _managed_prestation(request, pk)
    if prestation.status == Prestation.Status.VALIDATED:
        return _refused(
            request,
            _("This distribution statement has been validated: it can no longer be changed."),
            409,
        )
    place = prestation.place
    if request.method == "GET":
        form = PrestationForm(initial=PrestationForm.initial_for(prestation), place=place)
        context = {"prestation": prestation, "form": form}
        return render(request, TEMPLATES + "prestation_edit.html", context)
    form = PrestationForm(request.POST, place=place)
    status = INVALID
    if form.is_valid():
        try:
            redistribution.prestation_update(
                prestation=prestation, by=request.user, **form.prestation_fields()
            )
        except DomainError as error:
            form.add_service_error(error)
            status = error.status
        else:
            messages.success(request, _("Prestation updated."))
            return redirect("contributions:prestation-detail", pk=prestation.pk)
    context = {"prestation": prestation, "form": form}
    return render(request, TEMPLATES + "prestation_edit.html", context, status=status)
