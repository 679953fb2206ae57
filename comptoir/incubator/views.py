"""The incubator's pages: a place's programmes and cohorts (its concierges create
programmes from templates and start incubations), a project's incubation board (stages,
checklist, mentors, canvas), the canvas editor with its conflict screen, and the canvas's
history. Refusals keep their 4xx status and say why; nothing is half-saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community.models import Person
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.http import AuthedRequest
from comptoir.incubator import rules, selectors, services
from comptoir.incubator.forms import (
    CanvasForm,
    IncubationStartForm,
    IncubatorForm,
    ItemForm,
    MentorForm,
    MoveForm,
    ProgrammeForm,
    StageForm,
)
from comptoir.incubator.models import ChecklistItem, Incubation, Programme, Stage
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
CHECKLIST_PARTIAL = "incubator/incubation_detail.html#checklist"


def _place(request: AuthedRequest, slug: str) -> Place:
    try:
        place = place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not rules.can_view_incubator(request.user, place.pk):
        raise PermissionDenied
    return place


def _incubation(request: AuthedRequest, slug: str) -> Incubation:
    try:
        incubation = selectors.incubation_get(project_slug=slug)
    except Incubation.DoesNotExist as missing:
        raise Http404 from missing
    if not rules.can_view_incubation(request.user, incubation):
        raise PermissionDenied
    return incubation


# --- A place's incubator ---------------------------------------------------------------------


def _place_page(
    request: AuthedRequest, place: Place, status: int = 200, **forms: Any
) -> HttpResponse:
    manager = rules.can_manage_incubator(request.user, place.pk)
    context: dict[str, Any] = {
        "place": place,
        "programmes": selectors.programmes_of_place(place=place),
        "can_manage": manager,
    }
    if manager:
        context["programme_form"] = forms.get("programme_form") or ProgrammeForm()
        context["start_form"] = forms.get("start_form") or IncubationStartForm(place=place)
    return render(request, "incubator/place_incubator.html", context, status=status)


@login_required
@require_GET
def place_incubator(request: AuthedRequest, slug: str) -> HttpResponse:
    return _place_page(request, _place(request, slug))


@login_required
@require_POST
def programme_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug)
    if not rules.can_manage_incubator(request.user, place.pk):
        raise PermissionDenied
    form = ProgrammeForm(request.POST)
    if not form.is_valid():
        return _place_page(request, place, INVALID, programme_form=form)
    try:
        programme = services.programme_create(
            place=place,
            template=form.cleaned_data["template"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            by=request.user,
        )
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return _place_page(request, place, error.status, programme_form=form)
    messages.success(request, _("The programme “%(name)s” is ready.") % {"name": programme.name})
    return redirect("incubation:place", slug=place.slug)


@login_required
@require_POST
def incubation_start(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug)
    if not rules.can_manage_incubator(request.user, place.pk):
        raise PermissionDenied
    form = IncubationStartForm(request.POST, place=place)
    if not form.is_valid():
        return _place_page(request, place, INVALID, start_form=form)
    project = form.cleaned_data["project"]
    try:
        services.incubation_start(
            project=project,
            programme=form.cleaned_data["programme"],
            cohort=form.cleaned_data["cohort"],
            started_on=form.cleaned_data["started_on"],
            by=request.user,
        )
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return _place_page(request, place, error.status, start_form=form)
    messages.success(request, _("The project is now in incubation."))
    return redirect("incubation:detail", slug=project.slug)


# --- A project's incubation ------------------------------------------------------------------


def _detail_context(request: AuthedRequest, incubation: Incubation) -> dict[str, Any]:
    return {
        "incubation": incubation,
        "project": incubation.project,
        "board": selectors.incubation_board(incubation=incubation),
        "canvas": incubation.canvas,
        "canvas_blocks": selectors.canvas_blocks(canvas=incubation.canvas),
        "can_work": rules.can_work_on_incubation(request.user, incubation),
        "can_advance": rules.can_advance_stage(request.user, incubation),
    }


def _detail_page(
    request: AuthedRequest, incubation: Incubation, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _detail_context(request, incubation)
    if context["can_advance"]:
        context["mentor_form"] = extra.pop("mentor_form", None) or MentorForm()
    context.update(extra)
    return render(request, "incubator/incubation_detail.html", context, status=status)


@login_required
@require_GET
def incubation_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    return _detail_page(request, _incubation(request, slug))


@login_required
@require_POST
def checklist_toggle(request: AuthedRequest, slug: str, item_pk: int) -> HttpResponse:
    incubation = _incubation(request, slug)
    if not rules.can_work_on_incubation(request.user, incubation):
        raise PermissionDenied
    item = get_object_or_404(ChecklistItem, pk=item_pk, stage__programme=incubation.programme)
    done = request.POST.get("done") == "1"
    try:
        if done:
            services.checklist_tick(incubation=incubation, item=item, by=request.user)
        else:
            services.checklist_untick(incubation=incubation, item=item, by=request.user)
    except DomainError as error:
        if not request.htmx:
            return _detail_page(request, incubation, error.status, error=error.message)
        context = {**_detail_context(request, incubation), "checklist_error": error.message}
        return render(request, CHECKLIST_PARTIAL, context, status=error.status)
    if request.htmx:
        return render(request, CHECKLIST_PARTIAL, _detail_context(request, incubation))
    return redirect("incubation:detail", slug=slug)


@login_required
@require_POST
def stage_advance(request: AuthedRequest, slug: str) -> HttpResponse:
    incubation = _incubation(request, slug)
    if not rules.can_advance_stage(request.user, incubation):
        raise PermissionDenied
    override = request.POST.get("override") == "1"
    try:
        incubation = services.stage_advance(
            incubation=incubation, by=request.user, override=override
        )
    except DomainError as error:
        return _detail_page(request, incubation, error.status, error=error.message)
    if incubation.is_finished:
        messages.success(request, _("The incubation is finished: the project is now active."))
    else:
        messages.success(
            request, _("The project moves to the stage “%(stage)s”.") % {"stage": incubation.stage}
        )
    return redirect("incubation:detail", slug=slug)


@login_required
@require_POST
def mentor_add(request: AuthedRequest, slug: str) -> HttpResponse:
    incubation = _incubation(request, slug)
    if not rules.can_advance_stage(request.user, incubation):
        raise PermissionDenied
    form = MentorForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, incubation, INVALID, mentor_form=form)
    try:
        services.mentor_add(
            incubation=incubation, person=form.cleaned_data["email"], by=request.user
        )
    except DomainError as error:
        form.add_service_error("email", error.message)
        return _detail_page(request, incubation, error.status, mentor_form=form)
    messages.success(request, _("The mentor is added."))
    return redirect("incubation:detail", slug=slug)


@login_required
@require_POST
def mentor_remove(request: AuthedRequest, slug: str, person_pk: int) -> HttpResponse:
    incubation = _incubation(request, slug)
    if not rules.can_advance_stage(request.user, incubation):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_pk)
    try:
        services.mentor_remove(incubation=incubation, person=person, by=request.user)
    except DomainError as error:
        return _detail_page(request, incubation, error.status, error=error.message)
    messages.success(request, _("The mentor is removed."))
    return redirect("incubation:detail", slug=slug)


# --- The canvas ------------------------------------------------------------------------------


def _canvas_page(
    request: AuthedRequest,
    incubation: Incubation,
    form: CanvasForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"incubation": incubation, "project": incubation.project, "form": form, **extra}
    return render(request, "incubator/canvas_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def canvas_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    incubation = _incubation(request, slug)
    if not rules.can_work_on_incubation(request.user, incubation):
        raise PermissionDenied
    canvas = incubation.canvas
    if request.method == "GET":
        form = CanvasForm(initial={"base_revision": canvas.revision, **canvas.blocks()})
        return _canvas_page(request, incubation, form)
    form = CanvasForm(request.POST)
    if not form.is_valid():
        return _canvas_page(request, incubation, form, INVALID)
    try:
        services.canvas_save(
            canvas=canvas,
            blocks=form.blocks(),
            base_revision=form.cleaned_data["base_revision"],
            by=request.user,
        )
    except services.CanvasConflict as conflict:
        # Keep the person's text; basing it on the latest revision lets them save it once
        # they have merged what the others changed.
        data = request.POST.copy()
        data["base_revision"] = str(conflict.current_revision)
        form = CanvasForm(data)
        form.is_valid()
        diffs = [
            selectors.BlockDiff(
                block=change.block,
                label=selectors.block_label(change.block),
                segments=selectors.text_diff(change.before, change.after),
            )
            for change in conflict.changes
        ]
        return _canvas_page(
            request, incubation, form, conflict.status, conflict=conflict, diffs=diffs
        )
    except DomainError as error:
        form.add_service_error(error.field, error.message)
        return _canvas_page(request, incubation, form, error.status)
    messages.success(request, _("The canvas is saved."))
    return redirect("incubation:detail", slug=slug)


@login_required
@require_GET
def canvas_history(request: AuthedRequest, slug: str) -> HttpResponse:
    incubation = _incubation(request, slug)
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    history = selectors.canvas_history(canvas=incubation.canvas, page=page)
    context = {"incubation": incubation, "project": incubation.project, "history": history}
    return render(request, "incubator/canvas_history.html", context)


# --- A programme's stages --------------------------------------------------------------------

STAGES_PAGE = "incubator/programme_stages.html"
STAGES_PARTIAL = STAGES_PAGE + "#stages"


def _managed_programme(request: AuthedRequest, slug: str, pk: int) -> tuple[Place, Programme]:
    place = _place(request, slug)
    try:
        programme = selectors.programme_managed(place=place, pk=pk, user=request.user)
    except Programme.DoesNotExist as missing:
        raise Http404 from missing
    except NotAllowed as refused:
        raise PermissionDenied from refused
    return place, programme


def _stages_page(
    request: AuthedRequest, place: Place, programme: Programme, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "place": place,
        "programme": programme,
        "rows": selectors.programme_stages(programme=programme),
        "stage_form": extra.pop("stage_form", None) or StageForm(),
        **extra,
    }
    template = STAGES_PARTIAL if request.htmx else STAGES_PAGE
    return render(request, template, context, status=status)


@login_required
@require_GET
def programme_stages(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place, programme = _managed_programme(request, slug, pk)
    return _stages_page(request, place, programme)


Change = Callable[[Programme, dict[str, Any]], Any]


def _stages_edit(
    request: AuthedRequest, slug: str, pk: int, form_class: type[IncubatorForm], change: Change
) -> HttpResponse:
    """Checks the form's shape, lets the service decide, then shows the stages again (the
    partial for htmx, a redirect otherwise); a refusal keeps its status and says why."""
    place, programme = _managed_programme(request, slug, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return _stages_page(request, place, programme, INVALID, error=" ".join(errors))
    try:
        change(programme, form.cleaned_data)
    except DomainError as error:
        return _stages_page(request, place, programme, error.status, error=error.message)
    if request.htmx:
        return _stages_page(request, place, programme, notice=_("Saved."))
    messages.success(request, _("Saved."))
    return redirect("incubation:programme-stages", slug=place.slug, pk=programme.pk)


def _stage(programme: Programme, stage_pk: int) -> Stage:
    try:
        return selectors.stage_of_programme(programme=programme, pk=stage_pk)
    except Stage.DoesNotExist as missing:
        raise Http404 from missing


def _item(programme: Programme, item_pk: int) -> ChecklistItem:
    try:
        return selectors.item_of_programme(programme=programme, pk=item_pk)
    except ChecklistItem.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_POST
def stage_add(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        return services.stage_add(programme=programme, by=request.user, **data)

    return _stages_edit(request, slug, pk, StageForm, change)


@login_required
@require_POST
def stage_update(request: AuthedRequest, slug: str, pk: int, stage_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        stage = _stage(programme, stage_pk)
        return services.stage_update(stage=stage, by=request.user, **data)

    return _stages_edit(request, slug, pk, StageForm, change)


@login_required
@require_POST
def stage_move(request: AuthedRequest, slug: str, pk: int, stage_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        stage = _stage(programme, stage_pk)
        return services.stage_move(stage=stage, direction=data["direction"], by=request.user)

    return _stages_edit(request, slug, pk, MoveForm, change)


@login_required
@require_POST
def stage_remove(request: AuthedRequest, slug: str, pk: int, stage_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        return services.stage_remove(stage=_stage(programme, stage_pk), by=request.user)

    return _stages_edit(request, slug, pk, IncubatorForm, change)


@login_required
@require_POST
def item_add(request: AuthedRequest, slug: str, pk: int, stage_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        stage = _stage(programme, stage_pk)
        return services.item_add(stage=stage, text=data["text"], by=request.user)

    return _stages_edit(request, slug, pk, ItemForm, change)


@login_required
@require_POST
def item_update(request: AuthedRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        item = _item(programme, item_pk)
        return services.item_update(item=item, text=data["text"], by=request.user)

    return _stages_edit(request, slug, pk, ItemForm, change)


@login_required
@require_POST
def item_move(request: AuthedRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        item = _item(programme, item_pk)
        return services.item_move(item=item, direction=data["direction"], by=request.user)

    return _stages_edit(request, slug, pk, MoveForm, change)


@login_required
@require_POST
def item_remove(request: AuthedRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    def change(programme: Programme, data: dict[str, Any]) -> Any:
        return services.item_remove(item=_item(programme, item_pk), by=request.user)

    return _stages_edit(request, slug, pk, IncubatorForm, change)
