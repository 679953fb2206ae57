from __future__ import annotations

import copy
import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.core.photos import selectors as photo_selectors
from comptoir.places import permissions, selectors, services
from comptoir.places.forms import PlaceForm
from comptoir.places.hours_sentences import describe_hours
from comptoir.places.jsonld import place_json_ld
from comptoir.places.models import Place
from comptoir.places.opening_hours import rules


@require_GET
def place_list(request: HtmxRequest) -> HttpResponse:
    page = Paginator(selectors.places_listed(), settings.COMPTOIR_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "places/place_list.html", {"page": page})


def _json_ld(request: HtmxRequest, place: Place) -> str:
    """schema.org Place, for search engines and open-data crawlers."""
    today = timezone.now().astimezone(ZoneInfo(place.timezone)).date()
    url = request.build_absolute_uri(place.get_absolute_url())
    data = place_json_ld(place, url=url, today=today)
    # Escape "<" so a name can never close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


@require_GET
def place_map(request: HtmxRequest) -> HttpResponse:
    """The network's places on a map (Leaflet, tiles from COMPTOIR_MAP_TILES_URL) and as a
    list, the accessible equivalent that works without JavaScript."""
    places = selectors.places_on_map()
    markers = [
        {
            "name": place.name,
            "url": place.get_absolute_url(),
            "address": f"{place.address}, {place.postal_code} {place.commune}".strip(", "),
            "lat": float(place.latitude),
            "lng": float(place.longitude),
        }
        for place in places
        if place.latitude is not None and place.longitude is not None
    ]
    context = {
        "places": places,
        "markers": markers,
        "tiles_url": settings.COMPTOIR_MAP_TILES_URL,
        "attribution": settings.COMPTOIR_MAP_ATTRIBUTION,
    }
    return render(request, "places/place_map.html", context)


def _photos_url(word: str, pk: int) -> str:
    return reverse("core:photos", kwargs={"word": word, "pk": pk})


@require_GET
def place_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    try:
        place = selectors.place_get_public(slug=slug)
    except Place.DoesNotExist as error:
        raise Http404 from error
    spaces = list(place.spaces.all())
    for space in spaces:
        space.equipment_list = [i for i in space.equipment.all() if i.is_active]  # type: ignore[attr-defined]
    equipment = [item for space in spaces for item in space.equipment_list]  # type: ignore[attr-defined]
    found = photo_selectors.photos_by_object(
        {
            "place": [place.pk],
            "space": [space.pk for space in spaces],
            "equipment": [item.pk for item in equipment],
        }
    )
    for space in spaces:
        space.photos = found.get(("space", space.pk), [])  # type: ignore[attr-defined]
        for item in space.equipment_list:  # type: ignore[attr-defined]
            item.photos = found.get(("equipment", item.pk), [])  # type: ignore[attr-defined]
    can_edit = permissions.can_edit_place(request.user, place.pk)
    context = {
        "place": place,
        "photos": found.get(("place", place.pk), []),
        "photos_url": _photos_url("lieu", place.pk) if can_edit else None,
        "status": selectors.place_open_status(place=place),
        "hours": describe_hours(place.opening_hours),
        "rules": rules(place.opening_hours),
        "spaces": spaces,
        "nearby": place.nearby.all(),
        "can_edit": can_edit,
        "can_use_kiosk": permissions.can_use_kiosk(request.user, place.pk),
        "can_view_presence": permissions.can_view_presence(request.user, place.pk),
        "json_ld": _json_ld(request, place),
    }
    return render(request, "places/place_detail.html", context)


def _add_model_errors(form: PlaceForm, error: ValidationError) -> None:
    for field, field_errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, field_errors)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        place = selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_edit_place(request.user, place.pk):
        raise PermissionDenied
    status = 200
    # The form works on a copy so that the service compares against the stored values.
    form = PlaceForm(request.POST or None, instance=copy.copy(place))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.place_update(place=place, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_model_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The place has been updated."))
                return redirect(place.get_absolute_url())
        status = 422
    return render(request, "places/place_edit.html", {"place": place, "form": form}, status=status)
