from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community import permissions, personal_data, selectors, services
from comptoir.community.forms import (
    ApiTokenForm,
    EraseMeForm,
    EraseSomeoneForm,
    OrganizationForm,
    ProfileForm,
    RoleAssignForm,
    add_domain_error,
    add_validation_error,
)
from comptoir.community.models import (
    ApiToken,
    Organization,
    Person,
    PlaceRole,
    Role,
)
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.core.paging import CappedPaginator
from comptoir.core.photos import selectors as photo_selectors
from comptoir.core.types import Viewer
from comptoir.places.models import Place

INVALID = 422


def _page(request: HtmxRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))


def _people_page(request: HtmxRequest, queryset: QuerySet[Any]) -> Page[Any]:
    """The directory's people: counted up to a thousand (core.paging), whatever the size of
    the network."""
    paginator = CappedPaginator(queryset, settings.COMPTOIR_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _partial(request: HtmxRequest, template: str, name: str) -> str:
    """The whole page, or only the named partial for an htmx request."""
    return f"{template}#{name}" if request.htmx else template


# --- Directory and people --------------------------------------------------------------------


@require_GET
def directory(request: HtmxRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    skill = request.GET.get("skill", "").strip()[:80]
    people = selectors.people_search(user=request.user, query=query, skill=skill)
    context: dict[str, Any] = {"page": _people_page(request, people), "q": query, "skill": skill}
    if not request.htmx:
        context["categories"] = selectors.organization_category_counts()
    return render(request, _partial(request, "community/directory.html", "people-results"), context)


@require_GET
def person_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    try:
        person = selectors.person_get_visible(user=request.user, pk=pk)
    except Person.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_view_person(request.user, person):
        raise Http404
    context = {
        "person": person,
        "show_contact": permissions.can_see_contact(request.user, person),
        "is_me": request.user.pk == person.pk,
        "can_erase": permissions.is_network_admin(request.user) and person.erased_at is None,
        "photos": photo_selectors.photos_of(kind="person", object_id=person.pk),
        "photos_url": reverse("core:photos", kwargs={"word": "personne", "pk": person.pk})
        if permissions.can_edit_person(request.user, person) and person.erased_at is None
        else None,
    }
    return render(request, "community/person_detail.html", context)


# --- My profile and API tokens ---------------------------------------------------------------


def _profile_page(
    request: AuthedRequest,
    *,
    form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_secret: str = "",
    status: int = 200,
) -> HttpResponse:
    person = request.user
    if form is None:
        skills = [ps.skill.name for ps in person.person_skills.select_related("skill")]
        form = ProfileForm(initial=ProfileForm.initial_for(person, skills))
    context = {
        "form": form,
        "token_form": token_form or ApiTokenForm(),
        "tokens": selectors.api_tokens_of(person=person),
        "new_secret": new_secret,
    }
    return render(request, "community/profile.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        # Work on a fresh copy so a refused save leaves request.user untouched.
        person = Person.objects.get(pk=request.user.pk)
        try:
            services.person_update_profile(person=person, by=request.user, skills=skills, **data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("community:profile")
    return _profile_page(request, form=form, status=INVALID)


@login_required
@require_POST
def api_token_create(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=INVALID)
    _token, secret = services.api_token_create(
        person=request.user, name=form.cleaned_data["name"], by=request.user
    )
    # The secret is shown once, in this response, and never stored.
    return _profile_page(request, new_secret=secret, status=201)


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        token = selectors.api_tokens_of(person=request.user).select_related("person").get(pk=pk)
    except ApiToken.DoesNotExist as missing:
        raise Http404 from missing
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("community:profile")


# --- My personal data: export and erasure ----------------------------------------------------


@login_required
@require_GET
def my_data(request: AuthedRequest) -> HttpResponse:
    """Everything Comptoir holds about the person, readable. Only about themself: nobody
    else, a concierge included, downloads a person's data."""
    sections = personal_data.collect(request.user)
    return render(request, "community/my_data.html", {"sections": sections})


@login_required
@require_GET
def my_data_json(request: AuthedRequest) -> HttpResponse:
    person = request.user
    export = personal_data.as_json(person, personal_data.collect(person))
    response = JsonResponse(export, json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="comptoir-my-data-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_me(request: AuthedRequest) -> HttpResponse:
    person = Person.objects.get(pk=request.user.pk)
    form = EraseMeForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(person=person, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            logout(request)
            return render(request, "community/erased.html", {"by_self": True})
    status = INVALID if request.method == "POST" else 200
    return render(request, "community/erase_me.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: AuthedRequest, pk: int) -> HttpResponse:
    """A network administrator erases a person's data on their request (by letter, at the
    desk); anyone else gets a 404, as for a person they may not see."""
    if not permissions.is_network_admin(request.user):
        raise Http404
    try:
        person = Person.objects.get(pk=pk, erased_at__isnull=True)
    except Person.DoesNotExist as missing:
        raise Http404 from missing
    form = EraseSomeoneForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(person=person, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if person.pk == request.user.pk:
                logout(request)
            return render(request, "community/erased.html", {"by_self": False})
    status = INVALID if request.method == "POST" else 200
    context = {"form": form, "person": person}
    return render(request, "community/person_erase.html", context, status=status)


# --- Organizations ---------------------------------------------------------------------------


@require_GET
def organization_list(request: HtmxRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in Organization.Category.values:
        category = ""
    query = request.GET.get("q", "").strip()[:100]
    organizations = selectors.organizations_by_category(category=category, query=query)
    context = {
        "page": _page(request, organizations),
        "category": category,
        "q": query,
        "categories": Organization.Category.choices,
    }
    template = _partial(request, "community/organization_list.html", "organization-results")
    return render(request, template, context)


def _organization_or_404(slug: str) -> Organization:
    try:
        return selectors.organization_get(slug=slug)
    except Organization.DoesNotExist as missing:
        raise Http404 from missing


@require_GET
def organization_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    organization = _organization_or_404(slug)
    context = {
        "organization": organization,
        "affiliations": selectors.organization_affiliations_visible(
            user=request.user, organization=organization
        ),
        "places": selectors.organization_resident_places(organization=organization),
        "can_edit": permissions.can_edit_organization(request.user, organization),
        "can_view_usage": permissions.can_view_organization_usage(request.user, organization),
    }
    return render(request, "community/organization_detail.html", context)


def _organization_form_page(
    request: HtmxRequest, form: OrganizationForm, organization: Organization | None, status: int
) -> HttpResponse:
    context = {"form": form, "organization": organization}
    return render(request, "community/organization_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_organization(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _organization_form_page(request, OrganizationForm(), None, 200)
    form = OrganizationForm(request.POST)
    if form.is_valid():
        try:
            organization = services.organization_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The structure has been created."))
            return redirect("community:organization-detail", slug=organization.slug)
    return _organization_form_page(request, form, None, INVALID)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    organization = _organization_or_404(slug)
    if not permissions.can_edit_organization(request.user, organization):
        raise PermissionDenied
    if request.method != "POST":
        form = OrganizationForm(initial=OrganizationForm.initial_for(organization))
        return _organization_form_page(request, form, organization, 200)
    form = OrganizationForm(request.POST)
    if form.is_valid():
        # A fresh copy: a refused update must not leak half-changed values into the page.
        target = _organization_or_404(slug)
        try:
            services.organization_update(organization=target, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The structure has been saved."))
            return redirect("community:organization-detail", slug=target.slug)
    return _organization_form_page(request, form, organization, INVALID)


# --- Roles in a place (concierges) -----------------------------------------------------------


def _place_for_roles(request: HtmxRequest, slug: str) -> Place:
    try:
        place = selectors.place_get_for_roles(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_manage_roles(request.user, place.pk):
        raise PermissionDenied
    return place


def _assignable_roles(user: Viewer, place: Place) -> list[tuple[str, str]]:
    return [
        (value, str(label))
        for value, label in Role.choices
        if permissions.can_assign_role(user, place.pk, value)
    ]


def _role_list_page(
    request: HtmxRequest,
    place: Place,
    *,
    form: RoleAssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    query = request.GET.get("q", "").strip()[:100]
    roles = selectors.place_roles_of_place(place_id=place.pk, role=role, query=query)
    assignable = _assignable_roles(request.user, place)
    context = {
        "place": place,
        "page": _page(request, roles),
        "role": role,
        "q": query,
        "roles": Role.choices,
        "assignable": {value for value, _label in assignable},
        "form": form or RoleAssignForm(roles=assignable),
    }
    template = "community/role_list.html"
    if request.htmx and request.method == "GET":
        template += "#role-rows"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def role_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place_for_roles(request, slug)
    if request.method != "POST":
        return _role_list_page(request, place)
    posted_role = request.POST.get("role", "")
    if posted_role in Role.values and not permissions.can_assign_role(
        request.user, place.pk, posted_role
    ):
        raise PermissionDenied
    form = RoleAssignForm(request.POST, roles=_assignable_roles(request.user, place))
    if form.is_valid():
        data = form.cleaned_data
        try:
            place_role = services.place_role_assign(
                person=data["email"],
                place=place,
                role=data["role"],
                by=request.user,
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                organization=data["organization"],
                note=data["note"],
            )
        except NotAllowed as error:
            raise PermissionDenied from error
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": place_role.person, "role": place_role.get_role_display()},
            )
            return redirect("community:role-list", slug=place.slug)
    return _role_list_page(request, place, form=form, status=INVALID)


@login_required
@require_POST
def role_end(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _place_for_roles(request, slug)
    try:
        place_role = selectors.place_role_get(place=place, pk=pk)
    except PlaceRole.DoesNotExist as missing:
        raise Http404 from missing
    try:
        services.place_role_end(place_role=place_role, by=request.user)
    except NotAllowed as error:
        raise PermissionDenied from error
    if request.htmx:
        # The row leaves the list of current roles: say so in its place.
        return render(request, "community/role_list.html#role-ended", {"place_role": place_role})
    messages.success(
        request,
        _("The role of %(person)s has ended.") % {"person": place_role.person},
    )
    return redirect("community:role-list", slug=place.slug)
