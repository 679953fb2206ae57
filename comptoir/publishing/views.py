"""The documentation of a place: the public page (each Movilab section's text beside its
live blocks, cached for anonymous visitors), editing a section (a concurrent edit is shown
as a conflict with its diff, the editor's text kept), the history with diffs, the exports,
and the shared-resources library and press list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community import permissions
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.places.models import Network, Place
from comptoir.places.selectors import network_get
from comptoir.publishing import exports, selectors, services
from comptoir.publishing.diff import diff_lines
from comptoir.publishing.exceptions import SectionConflict
from comptoir.publishing.forms import PressItemForm, SectionForm, SharedResourceForm
from comptoir.publishing.markup import section_html
from comptoir.publishing.models import Page, Revision, SectionKey
from comptoir.publishing.public_cache import csrf_context, public_cache

CONFLICT = 409
INVALID = 422
TITLES = dict(SectionKey.choices)


def _place_or_404(slug: str) -> Place:
    try:
        return selectors.place_get_documented(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _key_or_404(key: str) -> str:
    if key not in TITLES:
        raise Http404
    return key


def _documentation(request: HtmxRequest, place: Place) -> exports.Documentation:
    return exports.Documentation(
        place=place,
        sections=selectors.documentation_of(place=place),
        base_url=request.build_absolute_uri("/"),
    )


# --- Public page and exports -----------------------------------------------------------------


@require_GET
@public_cache
def place_documentation(request: HtmxRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    context = {
        "place": place,
        "sections": selectors.documentation_of(place=place),
        "can_edit": permissions.can_edit_documentation(request.user, place.pk),
        "minutes_pages": selectors.minutes_listed_of_place(place=place),
        "licence": exports.LICENCE,
        "licence_url": exports.LICENCE_URL,
        **csrf_context(request),
    }
    return render(request, "publishing/place_documentation.html", context)


def _download(
    content: str | bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
@public_cache
def export_wiki(request: HtmxRequest, slug: str) -> HttpResponse:
    doc = _documentation(request, _place_or_404(slug))
    text = exports.to_wikitext(doc)
    return _download(text, "text/plain; charset=utf-8", f"{slug}.wiki", inline=True)


@require_GET
@public_cache
def export_markdown(request: HtmxRequest, slug: str) -> HttpResponse:
    doc = _documentation(request, _place_or_404(slug))
    return _download(exports.to_markdown_zip(doc), "application/zip", f"{slug}-documentation.zip")


@require_GET
@public_cache
def export_json(request: HtmxRequest, slug: str) -> HttpResponse:
    doc = _documentation(request, _place_or_404(slug))
    text = exports.to_json(doc)
    return _download(text, "application/json; charset=utf-8", f"{slug}.json", inline=True)


# --- Editing and history ---------------------------------------------------------------------


def _edit_page(
    request: HtmxRequest, place: Place, key: str, form: SectionForm, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"place": place, "key": key, "title": TITLES[key], "form": form, **extra}
    return render(request, "publishing/section_edit.html", context, status=status)


def _conflict_form(form: SectionForm, conflict: SectionConflict) -> SectionForm:
    """The editor's own text again, now based on the current revision: saving it again is a
    deliberate choice made after seeing the diff."""
    data = dict(form.data.items())
    data["base_revision"] = str(conflict.current_revision)
    fresh = SectionForm(data)
    fresh.is_valid()
    return fresh


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: AuthedRequest, slug: str, key: str) -> HttpResponse:
    place = _place_or_404(slug)
    key = _key_or_404(key)
    if not permissions.can_edit_documentation(request.user, place.pk):
        raise PermissionDenied
    if request.method == "GET":
        section = selectors.section_get(place=place, key=key)
        form = SectionForm(initial={"body": section.body, "base_revision": section.revision})
        return _edit_page(request, place, key, form, section=section)
    form = SectionForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, place, key, form, status=INVALID)
    data = form.cleaned_data
    try:
        services.section_save(
            place=place,
            key=key,
            body=data["body"],
            base_revision=data["base_revision"],
            summary=data["summary"],
            by=request.user,
        )
    except SectionConflict as conflict:
        form = _conflict_form(form, conflict)
        return _edit_page(request, place, key, form, status=CONFLICT, conflict=conflict)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _edit_page(request, place, key, form, status=INVALID)
    messages.success(request, _("The section has been saved."))
    return redirect(reverse("publishing:place", kwargs={"slug": slug}) + f"#{key}")


@require_GET
def section_history(request: HtmxRequest, slug: str, key: str) -> HttpResponse:
    place = _place_or_404(slug)
    key = _key_or_404(key)
    section = selectors.section_get(place=place, key=key)
    page = Paginator(selectors.revisions_of(section=section), settings.COMPTOIR_PAGE_SIZE)
    context = {
        "place": place,
        "key": key,
        "title": TITLES[key],
        "section": section,
        "page": page.get_page(request.GET.get("page")),
        "can_edit": permissions.can_edit_documentation(request.user, place.pk),
    }
    return render(request, "publishing/section_history.html", context)


@require_GET
def section_revision(request: HtmxRequest, slug: str, key: str, number: int) -> HttpResponse:
    place = _place_or_404(slug)
    key = _key_or_404(key)
    section = selectors.section_get(place=place, key=key)
    try:
        revision, previous = selectors.revision_with_previous(section=section, number=number)
    except Revision.DoesNotExist as missing:
        raise Http404 from missing
    context = {
        "place": place,
        "key": key,
        "title": TITLES[key],
        "revision": revision,
        "previous": previous,
        "diff": diff_lines(previous.body if previous else "", revision.body),
    }
    return render(request, "publishing/section_revision.html", context)


# --- Shared resources and press --------------------------------------------------------------


def _library_page(
    request: HtmxRequest, place: Place, form: Any, *, add: Any, added: str, page: str,
    template: str, context: dict[str, Any],
) -> HttpResponse:  # fmt: skip
    """The shared-resources and press pages: a list, and for concierges a form that adds
    to it (through `add`); refusals on their field, with a 4xx."""
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                add(place=place, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, added)
                return redirect(page, slug=place.slug)
        status = INVALID
    context = {"place": place, "form": form, "can_edit": form is not None, **context}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def resources(request: HtmxRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    can_edit = permissions.can_edit_documentation(request.user, place.pk)
    form = SharedResourceForm(request.POST or None, request.FILES or None) if can_edit else None
    return _library_page(
        request,
        place,
        form,
        add=services.shared_resource_add,
        added=_("The resource has been added."),
        page="publishing:resources",
        template="publishing/resources.html",
        context={"resources": selectors.resources_of_place(place=place)},
    )


@require_POST
@login_required
def resource_delete(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place_or_404(slug)
    resource = get_object_or_404(selectors.resources_of_place(place=place), pk=pk)
    try:
        services.shared_resource_delete(resource=resource, by=request.user)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("The resource has been removed."))
    return redirect("publishing:resources", slug=slug)


@require_http_methods(["GET", "POST"])
def press(request: HtmxRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    can_edit = permissions.can_edit_documentation(request.user, place.pk)
    form = PressItemForm(request.POST or None) if can_edit else None
    return _library_page(
        request,
        place,
        form,
        add=services.press_item_add,
        added=_("The article has been added."),
        page="publishing:press",
        template="publishing/press.html",
        context={"items": selectors.press_of_place(place=place)},
    )


@require_POST
@login_required
def press_delete(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place_or_404(slug)
    item = get_object_or_404(selectors.press_of_place(place=place), pk=pk)
    try:
        services.press_item_delete(item=item, by=request.user)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("The article has been removed."))
    return redirect("publishing:press", slug=slug)


# --- Pages of minutes ------------------------------------------------------------------------


def _minutes_page(request: HtmxRequest, page: Page, owner: Place | Network) -> HttpResponse:
    """A meeting's minutes as governance published them, with the decisions of its order of
    the day, links back to the meeting and its proposals, and the history of the page."""
    meeting = page.meeting
    context = {
        "page": page,
        "owner": owner,
        "place": page.place,
        "network": page.network,
        "meeting": meeting,
        "minutes_html": section_html(page.body),
        "meeting_url": selectors.meeting_url(meeting) if meeting else "",
        "decisions": selectors.meeting_decisions(meeting) if meeting else [],
        "history": selectors.page_history(page),
    }
    return render(request, "publishing/minutes_page.html", context)


@require_GET
def minutes_page(request: HtmxRequest, slug: str, pk: int) -> HttpResponse:
    """Public, as the place's documentation is."""
    place = _place_or_404(slug)
    try:
        page = selectors.page_of_place(place=place, pk=pk)
    except Page.DoesNotExist as missing:
        raise Http404 from missing
    return _minutes_page(request, page, place)


@login_required
@require_GET
def network_minutes_page(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    try:
        network = network_get(slug=slug)
    except Network.DoesNotExist as missing:
        raise Http404 from missing
    if not selectors.can_read_network_pages(request.user):
        raise PermissionDenied
    try:
        page = selectors.page_of_network(network=network, pk=pk)
    except Page.DoesNotExist as missing:
        raise Http404 from missing
    return _minutes_page(request, page, network)
