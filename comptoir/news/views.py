"""The news pages: the archive of a place and of a network (anyone; their concierges and
admins publish there), an announcement, a member's email choices, and the unsubscribe page
an email links to (no login: the link's signed token says who)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.community.models import PlaceRole
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.news import permissions, selectors, services
from comptoir.news.forms import AnnouncementForm, PreferencesForm
from comptoir.news.models import Announcement
from comptoir.places.models import Network, Place

INVALID = 422
ARCHIVE_PAGE = "news/archive.html"


def place_or_404(slug: str) -> Place:
    place = Place.objects.select_related("network").filter(slug=slug).first()
    if place is None:
        raise Http404
    return place


def network_or_404(slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def _archive(
    request: HttpRequest,
    *,
    place: Place | None,
    network: Network,
    form: AnnouncementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if place is not None:
        announcements = selectors.announcements_of_place(place=place)
        may_publish = permissions.can_publish_for_place(request.user, place.pk)
    else:
        announcements = selectors.announcements_of_network(network=network)
        may_publish = permissions.can_publish_for_network(request.user)
    page = Paginator(announcements, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "place": place,
        "network": network,
        "page": page,
        "form": (form or AnnouncementForm()) if may_publish else None,
    }
    return render(request, ARCHIVE_PAGE, context, status=status)


@require_GET
def place_archive(request: HttpRequest, slug: str) -> HttpResponse:
    place = place_or_404(slug)
    return _archive(request, place=place, network=place.network)


@require_GET
def network_archive(request: HttpRequest, slug: str) -> HttpResponse:
    return _archive(request, place=None, network=network_or_404(slug))


def _publish(request: AuthedRequest, place: Place | None, network: Network) -> HttpResponse:
    form = AnnouncementForm(request.POST)
    if form.is_valid():
        try:
            announcement = services.announcement_publish(
                by=request.user,
                place=place,
                network=None if place else network,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                send_email=form.cleaned_data["send_email"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            note = (
                _("Announcement published; the emails are on their way.")
                if announcement.email == Announcement.Email.SENDING
                else _("Announcement published.")
            )
            messages.success(request, note)
            return redirect("news:detail", pk=announcement.pk)
    return _archive(request, place=place, network=network, form=form, status=INVALID)


@login_required
@require_POST
def place_publish(request: AuthedRequest, slug: str) -> HttpResponse:
    place = place_or_404(slug)
    if not permissions.can_publish_for_place(request.user, place.pk):
        raise PermissionDenied
    return _publish(request, place, place.network)


@login_required
@require_POST
def network_publish(request: AuthedRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    if not permissions.can_publish_for_network(request.user):
        raise PermissionDenied
    return _publish(request, None, network)


def _announcement(pk: int) -> Announcement:
    found = Announcement.objects.select_related("place", "network", "author").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement(pk)
    may_delete = (
        permissions.can_publish_for_place(request.user, announcement.place_id)
        if announcement.place_id
        else permissions.can_publish_for_network(request.user)
    )
    context = {"announcement": announcement, "may_delete": may_delete}
    return render(request, "news/detail.html", context)


@login_required
@require_POST
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    announcement = _announcement(pk)
    try:
        services.announcement_delete(announcement=announcement, by=request.user)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("Announcement deleted."))
    if announcement.place is not None:
        return redirect("news:place", slug=announcement.place.slug)
    return redirect("news:network", slug=announcement.network.slug)  # type: ignore[union-attr]


def _member_places(request: AuthedRequest) -> list[tuple[int, str]]:
    roles = PlaceRole.objects.current().filter(person=request.user).select_related("place")
    return sorted({(r.place_id, r.place.name) for r in roles}, key=lambda pair: pair[1])


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    places = _member_places(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST, places=places)
        if form.is_valid():
            chosen = Place.objects.filter(pk__in=form.cleaned_data["places"])
            services.news_choices_set(
                person=request.user, places=list(chosen), need_alert=form.cleaned_data["need_alert"]
            )
            messages.success(request, _("Your choices are saved."))
            return redirect("news:preferences")
        return render(request, "news/preferences.html", {"form": form}, status=INVALID)
    form = PreferencesForm(
        places=places,
        initial={
            "places": sorted(selectors.opted_in_place_ids(person_id=request.user.pk)),
            "need_alert": selectors.has_need_alert(person_id=request.user.pk),
        },
    )
    return render(request, "news/preferences.html", {"form": form})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail client opening links must not unsubscribe anyone), POST does: from
    the page, or straight from the mail client's button (RFC 8058's one-click, which sends
    no CSRF token; the signed token is the only thing that says who)."""
    try:
        services.unsubscribe_read(token)
    except DomainError as error:
        return render(request, "news/unsubscribe.html", {"error": error.message}, status=404)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "news/unsubscribe.html", {"done": True})
    return render(request, "news/unsubscribe.html", {"token": token})
