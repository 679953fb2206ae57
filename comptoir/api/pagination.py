"""Limit/offset pagination: `?limit=&offset=`, answers `{"items": [...], "count": N}`."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    """A `limit` above MAX_LIMIT is clamped to it rather than refused."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, description=f"At most {MAX_LIMIT}.")
        # Bounded: past a 64-bit integer SQLite cannot even take it (PostgreSQL refuses past
        # its bigint); no list is that long, so a larger offset is an input error (422).
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
