"""Open-data exports of the places, at stable addresses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from comptoir.publishing import opendata

CACHE_SECONDS = 5 * 60
MEDIATION_FILENAME = "lieux-mediation-numerique.csv"


@require_GET
@cache_page(CACHE_SECONDS)
def mediation_csv(request: HttpRequest) -> HttpResponse:
    """The places in the national digital-mediation standard (CSV, UTF-8, comma)."""
    body = opendata.to_csv(opendata.rows())
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{MEDIATION_FILENAME}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
