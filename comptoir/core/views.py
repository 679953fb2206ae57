from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comptoir.core import mailbox
from comptoir.core.http import HtmxRequest


@require_GET
def health(request: HtmxRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def floor(request: HtmxRequest) -> HttpResponse:
    """A constant answer: the benchmark's floor for this server."""
    return HttpResponse("floor", content_type="text/plain")


@require_GET
def dev_emails(request: HtmxRequest) -> HttpResponse:
    """The development mailbox (comptoir.core.mailbox): open to anyone with DEBUG on, to
    staff otherwise; absent when a real email backend is configured."""
    if not mailbox.is_enabled():
        raise Http404
    if not settings.DEBUG:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
    context = {"mails": mailbox.latest(), "folder": mailbox.mailbox_dir()}
    return render(request, "core/dev_emails.html", context)


# The colour tokens of the design system, shown on the style page (docs/design.md).
STYLE_SWATCHES = [
    ("page", "--bg", "--ink"),
    ("card", "--card", "--ink"),
    ("muted", "--card", "--muted"),
    ("accent", "--accent", "--accent-ink"),
    ("neutral", "--neutral-bg", "--neutral-ink"),
    ("ok", "--ok-bg", "--ok-ink"),
    ("info", "--info-bg", "--info-ink"),
    ("warn", "--warn-bg", "--warn-ink"),
    ("caution", "--caution-bg", "--caution-ink"),
    ("danger", "--danger-bg", "--danger-ink"),
    ("danger-solid", "--danger-solid", "--danger-solid-ink"),
]
STYLE_ICONS = [
    "arrow-left", "arrow-right", "book-open", "building-2", "calendar", "calendar-check",
    "calendar-days", "chart-column", "chevron-down", "chevron-right", "circle-alert",
    "circle-check", "clock", "door-open", "file-text", "folder-kanban", "house", "id-card",
    "inbox", "info", "lightbulb", "log-in", "log-out", "map", "map-pin", "menu", "pencil",
    "plus", "receipt-euro", "search", "settings", "shopping-cart", "sparkles", "ticket",
    "trash-2", "triangle-alert", "user", "users", "x",
]  # fmt: skip


@require_GET
def style(request: HtmxRequest) -> HttpResponse:
    """The living style page of the design system: staff, or anyone in development (DEBUG);
    a 404 for everybody else, as if it were not there."""
    if not (settings.DEBUG or (request.user.is_authenticated and request.user.is_staff)):
        raise Http404
    context = {
        "swatches": STYLE_SWATCHES,
        "icons": STYLE_ICONS,
        "type_scale": ["2xl", "xl", "lg", "md", "sm", "xs"],
        "spaces": range(1, 8),
    }
    return render(request, "core/style.html", context)
