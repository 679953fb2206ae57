from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from comptoir.core.http import HtmxRequest
from comptoir.places.models import Place


@require_GET
def place_list(request: HtmxRequest) -> HttpResponse:
    return render(request, "places/place_list.html", {"places": Place.objects.active()})


@require_GET
def place_detail(request: HtmxRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.active(), slug=slug)
    return render(request, "places/place_detail.html", {"place": place})
