"""The OpenAPI document as clients read it: every error an operation may answer, exact
security, unique schema names, real media types. Checked by `openapi-spec-validator` and
exercised by schemathesis in the tests (comptoir/api/tests/test_openapi_conformance.py)."""

from __future__ import annotations

import sys
from typing import Any

import ninja.openapi.schema as ninja_openapi
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef

from comptoir.api.auth import anonymous
from comptoir.api.schemas import ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# Why each error status may come back; every error body is ErrorOut ({code, detail}).
ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed JSON body.",
    401: "Authentication required, or the token sent is malformed, invalid or revoked.",
    403: "Not allowed for this person (or the CSRF check of a browser session failed).",
    404: "Not found, or not visible to this person.",
    409: "A rule of the domain refuses it in the current state.",
    422: "Invalid parameters or body; `fields` names each invalid field.",
    429: "Too many requests; retry later.",
}


def error_statuses(operation: Operation) -> set[int]:
    """The errors an operation may answer: a bad token (401), a refusal (403), an unknown or
    hidden object (404), a bad parameter (422) and the throttle (429) anywhere; a malformed
    body (400) where there is one; a domain conflict (409) on writes."""
    statuses = {401, 403, 404, 422, 429}
    if any(model.__ninja_param_source__ == "body" for model in operation.models):
        statuses.add(400)
    if UNSAFE_METHODS & set(operation.methods):
        statuses.add(409)
    return statuses


def _qualname_ref(core_ref: str) -> str:
    """`comptoir.places.models.Space.Kind:123` -> `comptoir.places.models.SpaceKind:123`, so
    that the schema is named `SpaceKind`, not `Kind` like every other nested `Kind`."""
    if "[" in core_ref or ":" not in core_ref:
        return core_ref
    dotted, _sep, ident = core_ref.rpartition(":")
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        if ".".join(parts[:cut]) in sys.modules:
            module, qualname = parts[:cut], parts[cut:]
            return ".".join([*module, "".join(qualname)]) + ":" + ident
    return core_ref


class QualifiedNames(NinjaGenerateJsonSchema):
    """Names a nested class by its whole qualified name. ninja builds each model's schema
    alone, so pydantic cannot see that `Space.Kind` and `Event.Status`'s siblings share a
    short name, and the last one would silently replace the others in the document."""

    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        core_ref, mode = core_mode_ref
        return super().get_defs_ref((_qualname_ref(core_ref), mode))  # type: ignore[arg-type]


# ninja takes its generator from this module global, with no setting to choose another.
ninja_openapi.NinjaGenerateJsonSchema = QualifiedNames  # type: ignore[misc]


class ComptoirOpenAPISchema(ninja_openapi.OpenAPISchema):
    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details = super().operation_details(operation)
        self._add_errors(details["responses"], operation)
        return details

    def _add_errors(self, responses: dict[int, Any], operation: Operation) -> None:
        for status in sorted(error_statuses(operation)):
            responses.setdefault(status, {})
            responses[status]["description"] = ERROR_DESCRIPTIONS[status]
            responses[status]["content"] = {"application/json": {"schema": ERROR_REF}}
        self.schemas.setdefault("ErrorOut", ErrorOut.model_json_schema())

    def responses(self, operation: Operation) -> dict[int, Any]:
        # A download declares its real media type in openapi_extra; it replaces the JSON one.
        result = super().responses(operation)
        extra = (operation.openapi_extra or {}).get("responses", {})
        for status, declared in extra.items():
            if "content" in declared and status in result:
                result[status]["content"] = declared["content"]
        return result

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        # A public operation needs no credentials (`{}`), though a token changes what it shows.
        security = super().operation_security(operation)
        if security is not None and anonymous in operation.auth_callbacks:
            return [{}, *security]
        return security

    def _extract_parameters(self, model: Any) -> list[dict[str, Any]]:
        # pydantic's `examples` is a list; a parameter's `examples` is a map of Example Objects.
        # django-ninja < 1.8 copied the list as is (invalid), 1.8 makes the map: either way the
        # parameter gets one plain `example`, the form every client generator reads.
        params = super()._extract_parameters(model)
        for param in params:
            examples = param.pop("examples", None)
            if isinstance(examples, dict):
                examples = [e["value"] for e in examples.values() if "value" in e]
            if isinstance(examples, list) and examples:
                param["example"] = examples[0]
        return params


def media(content_type: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """`openapi_extra` of an operation answering `content_type` (not JSON) on success."""
    body = {"schema": schema if schema is not None else {"type": "string"}}
    return {"responses": {200: {"content": {content_type: body}}}}
