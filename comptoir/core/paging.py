"""Pages of long lists whose exact length is not worth counting.

Counting every row a list would show costs as much as reading them: at 200,000 people, a
concierge's directory spent more on its "16,323 people found" than on drawing its page, and
the cost grew with the network. Past a thousand rows nobody pages through a list; they type
a name. So the count stops one row past the cap: the page then says "more than 1,000" and
its pages end at the cap, with the search to go further.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` + 1 rows (default COUNT_CAP)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The rows, counted up to one past the cap (that one says there are more). Only the
        ids are counted, in no order: a slice's count keeps what its rows select, and sorting
        or annotating every row first would cost what the cap saves."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def capped(self) -> bool:
        """More rows than the cap: the count shown is "more than `cap`"."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        """Past the cap, the pages that hold the first `cap` rows."""
        if self.capped:
            return max(1, self.cap // int(self.per_page))
        return super().num_pages
