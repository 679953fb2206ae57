"""For tests that write rows per hypothesis example inside one test's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint undone at the end, whatever happened inside."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
