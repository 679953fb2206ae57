"""Schemas shared by several routers. Endpoint schemas live next to their router."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict, StringConstraints

# Default of the fields of a PATCH body: a field left out keeps its value, and an explicit
# `null` is refused for non-nullable fields (pydantic does not validate defaults). Typed Any
# so that `name: str = UNSET` type-checks.
UNSET: Any = None

# A slug in a path; anything else is refused before it reaches the database.
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=160)]


class InSchema(BaseModel):
    """A request body: a JSON object holding only known fields (a typo is an error, not a
    silently ignored change). Plain pydantic, unlike ninja's Schema, which would accept any
    value and read it attribute by attribute."""

    model_config = ConfigDict(extra="forbid")
    # NUL and lone surrogates never reach a schema: core.inputs refuses them first.


class FilterSchema(Schema):
    """Query-string filters of a list endpoint."""


class ErrorOut(Schema):
    code: str
    detail: str
    fields: dict[str, list[str]] | None = None


class PlaceRefOut(Schema):
    slug: str
    name: str


class PersonRefOut(Schema):
    id: int
    display_name: str


# The error statuses most endpoints may answer, for the OpenAPI document.
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class PlanRefOut(Schema):
    id: int
    kind: str
    name: str
