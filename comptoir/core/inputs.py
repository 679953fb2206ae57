"""The one input-cleaning layer for text: what cannot be stored is refused before any view.

A NUL character and a lone UTF-16 surrogate are never typed by a person: they come from a
broken client, a fuzzer or an attacker. PostgreSQL cannot store either (a NUL raises
`ValueError`, a surrogate `UnicodeEncodeError`), so they used to end as 500s deep in a
query. They are *refused*, not removed: removing them would silently change what was sent
(a search, a token, a password) and hide a client's bug; a clear 400 (HTML) or 422 (API,
the answer to any invalid value) says exactly which field is wrong.

Where they can arrive:
- the query string, a form body, the path: `InputCleaningMiddleware` (every request, but it
  looks at the data only when the raw bytes hold a `%00`/NUL; a form POST is scanned);
- a JSON body: the API's parser calls `check_json` (lone surrogates arrive only there, as
  `"\\ud800"` escapes: Django decodes a query string or a form with `errors="replace"`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The JSON API answers in its own error shape; core knows its prefix, not the api app.
API_PREFIX = "/api/"


def unstorable_message() -> str:
    return _(
        "This text contains a character that cannot be stored "
        "(a NUL character or an invalid Unicode character)."
    )


class UnstorableText(ValueError):
    """A text holds a NUL or a lone surrogate; `field` says where ("name", "items.0.title")."""

    def __init__(self, field: str) -> None:
        super().__init__(f"unstorable text in {field or 'the body'}")
        self.field = field or "__all__"


def is_unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def check_json(data: Any, where: str = "") -> Any:
    """Return `data` (a parsed JSON document) unchanged, or raise UnstorableText."""
    if isinstance(data, str):
        if is_unstorable(data):
            raise UnstorableText(where)
    elif isinstance(data, dict):
        for key, value in data.items():
            inner = f"{where}.{key}" if where else str(key)
            if is_unstorable(str(key)):
                raise UnstorableText(inner)
            check_json(value, inner)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_json(value, f"{where}.{index}" if where else str(index))
    return data


class JsonParser(Parser):
    """django-ninja's parser, refusing JSON bodies with unstorable text (the API's hook)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return check_json(super().parse_body(request))


def unstorable_field(data: MultiValueDict) -> str | None:
    """The first field of a query string or form whose name or a value cannot be stored."""
    for key, values in data.lists():
        if is_unstorable(key) or any(isinstance(v, str) and is_unstorable(v) for v in values):
            return key
    return None


def _suspicious_query(request: HttpRequest) -> bool:
    raw = request.META.get("QUERY_STRING", "")
    return "%00" in raw or "\x00" in raw


def unstorable_input(request: HttpRequest) -> tuple[str, str] | None:
    """(where, field) when the path, query string or form holds unstorable text, else None."""
    if "\x00" in request.path:
        return "path", "path"
    if _suspicious_query(request):
        found = unstorable_field(request.GET)
        if found is not None:
            return "query", found
    if request.method == "POST" and request.content_type in FORM_TYPES:
        # Only a form body: a JSON body is the API parser's, a file's bytes are its own.
        found = unstorable_field(request.POST)
        if found is not None:
            return "form", found
    return None


def refusal(request: HttpRequest, where: str, field: str) -> HttpResponse:
    message = unstorable_message()
    if request.path.startswith(API_PREFIX):
        code = "invalid_body" if where == "form" else "invalid_params"
        body = {"code": code, "detail": message, "fields": {field: [message]}}
        return JsonResponse(body, status=422)
    return render(request, "refused_input.html", {"message": message}, status=400)


class InputCleaningMiddleware:
    """Refuse a request whose text cannot be stored, before any view reads it.

    Per request: a substring test on the path and the raw query string; a form POST's
    fields are scanned (the CSRF check parses that body anyway). No query, no cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = unstorable_input(request)
        if found is not None:
            return refusal(request, *found)
        return self.get_response(request)
