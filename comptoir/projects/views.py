"""Pages of the cooperative projects: public to read, written through the services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from comptoir.community import permissions
from comptoir.community import selectors as community_selectors
from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.core.photos import selectors as photo_selectors
from comptoir.core.types import Viewer
from comptoir.projects import panels, selectors, services
from comptoir.projects.forms import (
    JournalForm,
    MemberAddForm,
    MemberRoleForm,
    NeedAnswerForm,
    NeedForm,
    ProjectForm,
)
from comptoir.projects.models import Need, Project, ProjectMember

INVALID = 422
CONFLICT = 409


def _status_of(error: DomainError) -> int:
    return error.status if 400 <= error.status < 500 else CONFLICT


# --- List -----------------------------------------------------------------------------------


@require_GET
def project_list(request: HtmxRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Project.Status.values:
        status = ""
    place = request.GET.get("place", "").strip()[:90]
    query = request.GET.get("q", "").strip()[:100]
    has_open_needs = request.GET.get("needs") == "1"
    projects = selectors.projects_listed(
        status=status, place=place, query=query, has_open_needs=has_open_needs
    )
    page = Paginator(projects, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "status": status,
        "place": place,
        "q": query,
        "needs": has_open_needs,
        "statuses": Project.Status.choices,
    }
    template = "projects/project_list.html"
    if request.htmx:
        template += "#project-results"
    else:
        context["places"] = selectors.places_with_projects()
        context["can_create"] = permissions.can_create_project(request.user)
    return render(request, template, context)


# --- Detail ---------------------------------------------------------------------------------


def _project_or_404(slug: str, user: Viewer) -> Project:
    try:
        return selectors.project_get(slug=slug, user=user)
    except Project.DoesNotExist as missing:
        raise Http404 from missing


def _detail_page(
    request: HtmxRequest,
    slug: str,
    *,
    status: int = 200,
    journal_form: JournalForm | None = None,
    answer_form: tuple[int, NeedAnswerForm] | None = None,
) -> HttpResponse:
    project = _project_or_404(slug, request.user)
    user_pk = getattr(request.user, "pk", None)
    for need in project.needs.all():
        need.answered = any(a.person_id == user_pk for a in need.answers.all())  # type: ignore[attr-defined]
        if answer_form is not None and answer_form[0] == need.pk:
            need.answer_form = answer_form[1]  # type: ignore[attr-defined]
        else:
            need.answer_form = NeedAnswerForm(prefix=f"need-{need.pk}")  # type: ignore[attr-defined]
    can_edit = permissions.can_edit_project(request.user, project)
    is_member = any(m.person_id == user_pk for m in project.members.all())
    context = {
        "project": project,
        "can_edit": can_edit,
        "can_write_journal": can_edit or is_member,
        "is_member": is_member,
        "journal_form": journal_form or JournalForm(),
        "panels": panels.templates(),
        "photos": photo_selectors.photos_of(kind="project", object_id=project.pk),
        "photos_url": reverse("core:photos", kwargs={"word": "projet", "pk": project.pk})
        if can_edit
        else None,
    }
    return render(request, "projects/project_detail.html", context, status=status)


@require_GET
def project_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    return _detail_page(request, slug)


# --- Create and edit ------------------------------------------------------------------------


def _form_page(
    request: HtmxRequest, form: ProjectForm, project: Project | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "project": project}
    return render(request, "projects/project_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_project(request.user):
        raise PermissionDenied
    places = selectors.places_of(user=request.user)
    if request.method != "POST":
        initial: dict[str, Any] = {"status": Project.Status.IDEA}
        if len(places) == 1:
            initial["places"] = [places[0].pk]
        return _form_page(request, ProjectForm(initial=initial, places=places), None)
    form = ProjectForm(request.POST, places=places)
    if form.is_valid():
        try:
            project = services.project_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The project has been created."))
            return redirect("projects:detail", slug=project.slug)
    return _form_page(request, form, None, INVALID)


def _editable_or_404(request: HtmxRequest, slug: str) -> Project:
    try:
        project = selectors.project_get_for_edit(slug=slug)
    except Project.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    return project


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    project = _editable_or_404(request, slug)
    places = selectors.places_of(user=request.user, project=project)
    if request.method != "POST":
        form = ProjectForm(initial=ProjectForm.initial_for(project), places=places)
        return _form_page(request, form, project)
    form = ProjectForm(request.POST, places=places)
    if form.is_valid():
        try:
            services.project_update(project=project, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:detail", slug=project.slug)
    return _form_page(request, form, project, INVALID)


# --- Members --------------------------------------------------------------------------------


def _members_page(
    request: HtmxRequest,
    project: Project,
    *,
    add_form: MemberAddForm | None = None,
    error: tuple[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    members = selectors.project_members(project=project)
    for member in members:
        member.role_form = MemberRoleForm(  # type: ignore[attr-defined]
            initial={"role": member.role}, prefix=f"member-{member.pk}"
        )
        member.error = error[1] if error and error[0] == member.pk else ""  # type: ignore[attr-defined]
    context = {"project": project, "members": members, "add_form": add_form or MemberAddForm()}
    return render(request, "projects/project_members.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_members(request: AuthedRequest, slug: str) -> HttpResponse:
    """Editors add people, change roles and take people off; a member may leave."""
    try:
        project = selectors.project_get_for_edit(slug=slug)
    except Project.DoesNotExist as missing:
        raise Http404 from missing
    can_edit = permissions.can_edit_project(request.user, project)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "remove":
        return _member_remove(request, project, can_edit)
    if not can_edit:
        raise PermissionDenied
    if action == "add":
        return _member_add(request, project)
    if action == "role":
        return _member_role(request, project)
    if request.method == "POST":
        return _members_page(request, project, error=(0, _("Unknown action.")), status=400)
    return _members_page(request, project)


def _member_from_post(request: AuthedRequest, project: Project) -> ProjectMember:
    try:
        pk = int(request.POST.get("member", ""))
        return ProjectMember.objects.select_related("project").get(project=project, pk=pk)
    except (ValueError, ProjectMember.DoesNotExist) as missing:
        raise Http404 from missing


def _member_add(request: AuthedRequest, project: Project) -> HttpResponse:
    form = MemberAddForm(request.POST)
    if form.is_valid():
        person = community_selectors.person_get_by_email(email=form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("Nobody has a Comptoir account with this address."))
        else:
            try:
                services.member_add(
                    project=project, person=person, role=form.cleaned_data["role"], by=request.user
                )
            except DomainError as error:
                form.add_error("email" if error.field == "person" else None, error.message)
                return _members_page(request, project, add_form=form, status=_status_of(error))
            messages.success(request, _("The person has been added to the project."))
            return redirect("projects:members", slug=project.slug)
    return _members_page(request, project, add_form=form, status=INVALID)


def _member_role(request: AuthedRequest, project: Project) -> HttpResponse:
    member = _member_from_post(request, project)
    form = MemberRoleForm(request.POST, prefix=f"member-{member.pk}")
    if not form.is_valid():
        return _members_page(
            request, project, error=(member.pk, _("Choose a role.")), status=INVALID
        )
    try:
        services.member_role_set(member=member, role=form.cleaned_data["role"], by=request.user)
    except DomainError as error:
        return _members_page(
            request, project, error=(member.pk, error.message), status=_status_of(error)
        )
    messages.success(request, _("The role has been changed."))
    return redirect("projects:members", slug=project.slug)


def _member_remove(request: AuthedRequest, project: Project, can_edit: bool) -> HttpResponse:
    member = _member_from_post(request, project)
    leaving = member.person_id == request.user.pk
    if not (can_edit or leaving):
        raise PermissionDenied
    try:
        services.member_remove(member=member, by=request.user)
    except DomainError as error:
        if not can_edit:
            messages.error(request, error.message)
            return _detail_page(request, project.slug, status=_status_of(error))
        return _members_page(
            request, project, error=(member.pk, error.message), status=_status_of(error)
        )
    if leaving:
        messages.success(request, _("You have left the project."))
        return redirect("projects:detail", slug=project.slug)
    messages.success(request, _("The person has been taken off the project."))
    return redirect("projects:members", slug=project.slug)


# --- Journal --------------------------------------------------------------------------------


@login_required
@require_POST
def journal_add(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        project = selectors.project_get_for_edit(slug=slug)
    except Project.DoesNotExist as missing:
        raise Http404 from missing
    form = JournalForm(request.POST)
    if form.is_valid():
        try:
            services.journal_add(project=project, by=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            if error.status == 403:
                raise PermissionDenied from error
            add_domain_error(form, error)
        else:
            messages.success(request, _("The news has been added to the journal."))
            return redirect(f"{project_url(project)}#journal")
    return _detail_page(request, slug, journal_form=form, status=INVALID)


def project_url(project: Project) -> str:
    return reverse("projects:detail", kwargs={"slug": project.slug})


# --- Needs ----------------------------------------------------------------------------------


def _need_form_page(
    request: HtmxRequest, project: Project, form: NeedForm, status: int = 200
) -> HttpResponse:
    context = {"project": project, "form": form, "skill_names": NeedForm.skill_names()}
    return render(request, "projects/need_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: AuthedRequest, slug: str) -> HttpResponse:
    project = _editable_or_404(request, slug)
    if request.method != "POST":
        return _need_form_page(request, project, NeedForm())
    form = NeedForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.need_create(
                project=project,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                skill_name=data["skill"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The need has been published."))
            return redirect(f"{project_url(project)}#needs")
    return _need_form_page(request, project, form, INVALID)


def _need_or_404(project: Project, need_id: int) -> Need:
    try:
        return selectors.need_get(project=project, pk=need_id)
    except Need.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_POST
def need_answer(request: AuthedRequest, slug: str, need_id: int) -> HttpResponse:
    """ "Je peux aider"."""
    try:
        project = selectors.project_get_for_edit(slug=slug)
    except Project.DoesNotExist as missing:
        raise Http404 from missing
    need = _need_or_404(project, need_id)
    form = NeedAnswerForm(request.POST, prefix=f"need-{need.pk}")
    status = INVALID
    if form.is_valid():
        try:
            services.need_answer(need=need, by=request.user, message=form.cleaned_data["message"])
        except DomainError as error:
            if error.field == "message":
                add_domain_error(form, error)
            else:  # the need closed or already answered: its form is no longer shown
                messages.error(request, error.message)
            status = _status_of(error)
        else:
            messages.success(request, _("Thank you! The project team has been told you can help."))
            target = f"{project_url(project)}#need-{need.pk}"
            if request.htmx:
                return HttpResponseClientRedirect(target)
            return redirect(target)
    return _detail_page(request, slug, answer_form=(need.pk, form), status=status)


@login_required
@require_POST
def need_close(request: AuthedRequest, slug: str, need_id: int) -> HttpResponse:
    project = _editable_or_404(request, slug)
    need = _need_or_404(project, need_id)
    met = request.POST.get("met") == "1"
    try:
        services.need_close(need=need, by=request.user, met=met)
    except DomainError as error:
        messages.error(request, error.message)
        return _detail_page(request, slug, status=_status_of(error))
    messages.success(request, _("The need has been closed."))
    return redirect(f"{project_url(project)}#needs")
