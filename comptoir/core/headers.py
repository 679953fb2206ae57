"""The Content-Security-Policy header, django-csp's, built once per process.

Comptoir uses no nonce and no per-view policy, so every response carries the same policy;
django-csp rebuilds the string from the settings for each response (about 150 µs, more
than the rest of a cached page), so this builds it once and rebuilds it only when the
setting changes (tests). A response or view that customises its policy through
django-csp's decorators, or a template that asks for a nonce, goes through django-csp."""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_CUSTOMISED = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro")
_built: tuple[Any, str] | None = None


def policy() -> str:
    """The policy of settings.CONTENT_SECURITY_POLICY, as a header value."""
    global _built
    config = settings.CONTENT_SECURITY_POLICY
    if _built is None or _built[0] is not config:
        _built = (config, build_policy())
    return _built[1]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        customised = any(getattr(response, name, None) for name in _CUSTOMISED)
        if customised or getattr(request, "_csp_nonce", None) or _report_only():
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages use inline styles and scripts
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[HEADER] = policy()
        return response


def _report_only() -> bool:
    return bool(getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
