"""The JSON API at /api/v1/: one NinjaAPI, one router per domain, errors as {code, detail}."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from comptoir.api.auth import AUTHENTICATED
from comptoir.api.errors import register_error_handlers
from comptoir.api.openapi import ComptoirOpenAPISchema
from comptoir.api.routers import (
    accounts,
    agenda,
    agenda_desk,
    bookings,
    cigale,
    conciergerie,
    contributions,
    debits,
    documentation,
    economy,
    exchange,
    givebox,
    governance,
    incubator,
    invoicing,
    lending,
    membership,
    news,
    organizations,
    people,
    places,
    plans,
    projects,
    roles,
    roster,
    sales,
    settlements,
    spaces,
    statements,
    subscriptions,
    ticket_books,
    visits,
)
from comptoir.core.inputs import JsonParser


class LocalSwagger(Swagger):
    """Swagger UI from the files bundled with django-ninja, never from a CDN.

    ninja silently falls back to a CDN page when "ninja" is not in INSTALLED_APPS; this
    always renders the local template, so a missing app fails loudly instead of leaking."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": True}
        return render(request, self.template, context)


class ComptoirAPI(NinjaAPI):
    # The document takes seconds of CPU to build and never changes while the process runs
    # (it is the same in every language): built once, not on every anonymous request.
    _openapi_documents: dict[str, ComptoirOpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> ComptoirOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        document = self._openapi_documents.get(path_prefix)
        if document is None:
            document = self._openapi_documents[path_prefix] = ComptoirOpenAPISchema(
                self, path_prefix
            )
        return document

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        # Django tries the patterns in order: the kiosk's check-ins, the busiest calls,
        # matched first instead of after ~60 others. The document keeps the routers' order.
        urls = super()._get_urls()
        busiest = [url for url in urls if str(url.pattern).startswith(BUSIEST_PREFIX)]
        return busiest + [url for url in urls if url not in busiest]


BUSIEST_PREFIX = "visits"

api = ComptoirAPI(
    title="Comptoir API",
    version="1",
    description=(
        "The API of Comptoir, the operating system for tiers-lieux. Authenticate with a "
        "personal token (`Authorization: Bearer cpt_…`, created from your profile page) or "
        'with your browser session. Errors are `{"code": …, "detail": …}` with a 4xx status. '
        "Requests are limited per token and per address: past a limit, 429 `throttled` with "
        "a `Retry-After` header (seconds)."
    ),
    urls_namespace="api",
    auth=AUTHENTICATED,
    docs=LocalSwagger(),
    parser=JsonParser(),  # refuses NUL and lone surrogates in JSON bodies (core.inputs)
)
register_error_handlers(api)

for module in (
    places,
    spaces,
    people,
    organizations,
    roles,
    plans,
    sales,
    invoicing,
    accounts,
    debits,
    statements,
    subscriptions,
    ticket_books,
    visits,
    settlements,
    bookings,
    agenda,
    agenda_desk,
    projects,
    contributions,
    incubator,
    documentation,
    economy,
    roster,
    exchange,
    conciergerie,
    governance,
    cigale,
    membership,
    news,
    lending,
    givebox,
):
    api.add_router("", module.router)
