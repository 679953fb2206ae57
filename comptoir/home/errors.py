"""The site's error pages (400, 403, 404, 500 and the CSRF failure): styled, translated, with
a way back. Under /api/ the answer stays the API's JSON `{"code", "detail"}`.

The 500 page is rendered without the request's context processors and from a template that
reads no database: it must show when the database or a context processor is what failed."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from comptoir.places import selectors as place_selectors

API_PREFIX = "/api/"
_PLACE_PATH = re.compile(r"^/lieux/(?P<slug>[-\w]+)/.")


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _previous_page(request: HttpRequest) -> str:
    """Where the person came from, when it is a page of this site other than this one."""
    referer = request.headers.get("referer", "")
    try:
        if not referer or referer == request.build_absolute_uri():
            return ""
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request for another site's host
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if safe else ""


def _place_of(request: HttpRequest) -> Any:
    """The place a deep path belongs to (/lieux/<slug>/…), when it exists and is public."""
    found = _PLACE_PATH.match(request.path)
    if found is None:
        return None
    try:
        return place_selectors.places_public().filter(slug=found["slug"]).first()
    except DatabaseError:
        return None


def _page(request: HttpRequest, template: str, status: int, **extra: Any) -> HttpResponse:
    context = {
        "previous_page": _previous_page(request),
        "error_place": _place_of(request),
        "request_path": request.path,
        **extra,
    }
    body = loader.render_to_string(template, context, request)
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return _api_error("bad_request", _("Bad request."), 400)
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        detail = str(exception or "") or _("You are not allowed to do this.")
        return _api_error("forbidden", detail, 403)
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return _api_error("not_found", _("Not found."), 404)
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: most often a form left open past the session, or cookies off."""
    if _api(request):
        return _api_error("csrf_failed", _("CSRF verification failed."), 403)
    return _page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return _api_error("server_error", _("An unexpected error occurred."), 500)
    # No request context: neither the context processors nor the session are touched.
    context = {"stylesheet": _stylesheet(), "home_url": "/"}
    body = loader.get_template("500.html").render(context)
    return HttpResponse(body, status=500)


def _stylesheet() -> str:
    try:
        return static("comptoir/comptoir.css")
    except ValueError:  # the static files' manifest is missing: the page stays readable
        return ""
