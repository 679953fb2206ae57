from __future__ import annotations

from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from comptoir.community import permissions
from comptoir.core.http import HtmxRequest
from comptoir.places.models import Place


@require_GET
def home(request: HtmxRequest) -> HttpResponse:
    # Filled in by the home/dashboard work.
    return render(request, "core/home.html", {})


@require_GET
def audit_list(request: HtmxRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    if not permissions.can_view_audit(request.user, place.pk):
        return HttpResponseForbidden()
    return render(request, "core/audit_list.html", {"place": place})


@require_GET
def health(request: HtmxRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def floor(request: HtmxRequest) -> HttpResponse:
    """A constant answer: the benchmark's floor for this server."""
    return HttpResponse("floor", content_type="text/plain")
