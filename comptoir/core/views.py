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
