"""Limit/offset pagination: `?limit=&offset=`, answers `{"items": [...], "count": N}`."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class Pagination(LimitOffsetPagination):
    """A `limit` above MAX_LIMIT is clamped to it rather than refused."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, description=f"At most {MAX_LIMIT}.")
        offset: int = Field(0, ge=0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
