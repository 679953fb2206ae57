"""Keep the API's error shape for the one error ninja answers in plain text (405), and
throttle API requests (429)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from comptoir.core import ratelimit


class ApiMethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and request.path.startswith("/api/"):
            allowed = response.get("Allow", "")
            detail = _("Method %(method)s is not allowed here; allowed: %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            json = JsonResponse({"code": "method_not_allowed", "detail": detail}, status=405)
            json["Allow"] = allowed
            return json
        return response


class ApiThrottleMiddleware:
    """Limit API requests per credential (token or browser session) and per client
    address, and refuse token attempts from an address that failed too often, with a 429
    `{code: "throttled", detail}` and a Retry-After header.

    Costs one cache round trip per API request (the counters are incremented and the
    failures read in one Redis pipeline), plus one more after a failed token; nothing on
    other paths. Limits: settings.API_RATE_LIMITS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        limits = settings.API_RATE_LIMITS
        rates = {name: ratelimit.parse_rate(text) for name, text in limits.items()}
        address = ratelimit.address_key(request)
        bearer = request.META.get("HTTP_AUTHORIZATION", "")
        failures = _counter(rates["failed_auth"], f"api:fail:{address}") if bearer else None
        counted = [
            counter
            for counter in (
                _counter(rates["address"], f"api:addr:{address}"),
                _counter(rates["credential"], _credential(request, bearer)),
            )
            if counter is not None
        ]
        wait = ratelimit.hit(counted, blocking=[failures] if failures else [])
        if wait:
            return throttled_response(wait)
        response = self.get_response(request)
        if failures is not None and response.status_code == 401:
            ratelimit.hit([failures])
        return response


API_PREFIX = "/api/"


def _counter(rate: ratelimit.Rate | None, name: str | None) -> ratelimit.Counter | None:
    return ratelimit.Counter(name, rate) if rate is not None and name else None


def _credential(request: HttpRequest, bearer: str) -> str | None:
    """Whose requests these are: the token's, else the browser session's (hashed: keys
    never hold a secret)."""
    secret = bearer or request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not secret:
        return None
    kind = "token" if bearer else "session"
    return f"api:{kind}:{hashlib.sha256(secret.encode()).hexdigest()[:32]}"


def throttled_response(retry_after: int) -> JsonResponse:
    detail = _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": retry_after}
    response = JsonResponse({"code": "throttled", "detail": detail}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
