from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from comptoir.core.http import HtmxRequest


@require_GET
def health(request: HtmxRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def floor(request: HtmxRequest) -> HttpResponse:
    """A constant answer: the benchmark's floor for this server."""
    return HttpResponse("floor", content_type="text/plain")
