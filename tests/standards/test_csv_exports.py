"""Every CSV export of the app is known here and read by pandas as one regular table in its
own test: a new `.csv` address fails this test until it is added (with such a check)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

# URL name -> the test that reads it with pandas (comptoir.core.tests.csv_checks).
CHECKED = {
    "agenda:report-csv": "comptoir/agenda/tests/test_desk_views.py::test_the_csv_holds_the_figures",
    "access:settlement-csv": (
        "comptoir/access/tests/views/test_settlement.py::test_the_csv_has_one_line_per_pair"
    ),
    "membership:register-csv": (
        "comptoir/membership/tests/test_pages.py::test_the_register_is_searched_and_exported"
    ),
    "membership:shares-csv": (
        "comptoir/membership/tests/test_pages.py::"
        "test_the_share_register_page_records_movements_and_exports"
    ),
    "publishing:opendata-mediation": (
        "comptoir/publishing/tests/test_opendata.py::"
        "test_pandas_reads_the_export_as_one_regular_table"
    ),
}


def _csv_names(patterns: list, prefix: str = "") -> set[str]:  # type: ignore[type-arg]
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _csv_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and ".csv" in str(pattern.pattern):
            names.add(f"{prefix}{pattern.name}")
    return names


def test_every_csv_export_is_checked_with_pandas() -> None:
    assert _csv_names(get_resolver().url_patterns) == set(CHECKED)
