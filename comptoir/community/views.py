from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.core.http import HtmxRequest


def directory(request: HtmxRequest) -> HttpResponse:
    return render(request, "community/directory.html", {})


def organization_list(request: HtmxRequest) -> HttpResponse:
    return render(request, "community/directory.html", {})


@login_required
def profile(request: HtmxRequest) -> HttpResponse:
    return render(request, "community/directory.html", {})
