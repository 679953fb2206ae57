"""A paginator that counts at most one row past its cap."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext

from comptoir.community.models import Person
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.paging import CappedPaginator


def test_a_short_list_is_paged_as_usual() -> None:
    paginator = CappedPaginator(list(range(7)), 3, cap=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 3)
    assert list(paginator.page(3)) == [6]


def test_a_long_list_is_counted_one_past_the_cap_and_paged_up_to_it() -> None:
    paginator = CappedPaginator(list(range(100)), 3, cap=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (11, True, 3)
    last = paginator.page(3)
    assert list(last) == [6, 7, 8] and not last.has_next()
    assert paginator.get_page(99).number == 3


def test_exactly_the_cap_is_not_more_than_it() -> None:
    paginator = CappedPaginator(list(range(10)), 5, cap=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (10, False, 2)


@pytest.mark.django_db
def test_a_queryset_is_counted_in_one_query_without_sorting() -> None:
    PersonFactory.create_batch(6)
    # The annotation (a flag the page reads per person) is not computed for the count.
    people = Person.objects.annotate(shouting=Upper("last_name")).order_by("last_name", "pk")
    paginator = CappedPaginator(people, 2, cap=4)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "LIMIT 5" in sql and "ORDER BY" not in sql and "UPPER" not in sql
    assert paginator.capped and paginator.num_pages == 2
    assert [p.pk for p in paginator.page(2)] == [p.pk for p in people[2:4]]
