"""Every API error is `{"code": …, "detail": …}` (plus `fields` for field errors), 4xx."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from comptoir.core.exceptions import DomainError
from comptoir.core.inputs import UnstorableText, unstorable_message

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "throttled",
}


def error_body(code: str, detail: str, fields: dict[str, list[str]] | None = None) -> dict:
    body: dict[str, Any] = {"code": code, "detail": detail}
    if fields:
        body["fields"] = fields
    return body


def _field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in msgs] for name, msgs in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def _location(loc: list[Any]) -> str:
    # ("body", "payload", "name") -> "name"; ("query", "limit") -> "limit"
    parts = loc[2:] if loc and loc[0] == "body" else loc[1:]
    return ".".join(str(p) for p in parts) or "__all__"


def register_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        fields = {exc.field: [exc.message]} if exc.field else None
        body = error_body(exc.code, exc.message, fields)
        body.update(getattr(exc, "extra", None) or {})  # e.g. the offers a refusal suggests
        response = respond(request, exc.status, body)
        if retry_after := getattr(exc, "retry_after", None):  # a Throttled refusal (429)
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(DjangoValidationError)
    def validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = _field_errors(exc)
        detail = " ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
        return respond(request, 422, error_body("invalid", detail, fields))

    @api.exception_handler(NinjaValidationError)
    def malformed_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            message = str(error["msg"]).removeprefix("Value error, ")
            fields.setdefault(_location(list(error.get("loc", ()))), []).append(message)
        in_body = any(list(e.get("loc", ()))[:1] == ["body"] for e in exc.errors)
        code = "invalid_body" if in_body else "invalid_params"
        detail = _("Invalid input: %(fields)s.") % {"fields": ", ".join(sorted(fields))}
        return respond(request, 422, error_body(code, detail, fields))

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, error_body("not_found", _("Not found.")))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or _("You are not allowed to do this.")
        return respond(request, 403, error_body("forbidden", detail))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message if exc.message != "Unauthorized" else _("Authentication required.")
        response = respond(request, 401, error_body("unauthenticated", detail))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnstorableText):  # a NUL or lone surrogate (core.inputs)
            fields = {exc.__cause__.field: [unstorable_message()]}
            return respond(request, 422, error_body("invalid_body", unstorable_message(), fields))
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # ninja could not parse the body (invalid JSON, bad encoding).
            return respond(request, 400, error_body("invalid_json", _("Malformed JSON body.")))
        code = HTTP_CODES.get(exc.status_code, "error")
        return respond(request, exc.status_code, error_body(code, str(exc)))

    @api.exception_handler(IntegrityError)
    def integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # A concurrent write won a uniqueness race the service had checked for.
        return respond(
            request, 409, error_body("conflict", _("This conflicts with existing data."))
        )

    @api.exception_handler(DataError)
    def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # A value the database cannot store that slipped past validation: still bad input.
        return respond(request, 422, error_body("invalid", _("A value is not valid.")))


@csrf_exempt  # a write to an unknown path is a 404 like a read, not the CSRF page
def unknown_path(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any path under /api/ that no operation serves (an unknown route, an id that is not a
    number): the API's JSON 404, never the site's HTML page."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)
