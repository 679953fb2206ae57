"""Schemas shared by several routers. Endpoint schemas live next to their router."""

from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

# Default of the fields of a PATCH body: a field left out keeps its value, and an explicit
# `null` is refused for non-nullable fields (pydantic does not validate defaults). Typed Any
# so that `name: str = UNSET` type-checks.
UNSET: Any = None

# A slug in a path; anything else is refused before it reaches the database.
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=160)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL characters: refuse them as bad input, not a 500.
    if _has_nul(value):
        raise ValueError(_("Null characters are not allowed."))
    return value


class InSchema(BaseModel):
    """A request body: a JSON object holding only known fields (a typo is an error, not a
    silently ignored change). Plain pydantic, unlike ninja's Schema, which would accept any
    value and read it attribute by attribute."""

    model_config = ConfigDict(extra="forbid")

    _no_nul = field_validator("*")(refuse_nul)


class FilterSchema(Schema):
    """Query-string filters of a list endpoint."""

    _no_nul = field_validator("*")(refuse_nul)


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
