"""conftest.py fails a test whose threads use the database unless it is marked
`concurrency`, and skips the marked ones (and those marked `postgres_only`), with a summary
line, where the database is not PostgreSQL. Checked in a pytest run of its own, on SQLite
(never the suite's test database)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

THREADED_TESTS = """
import threading

import pytest
from django.db import connection


def query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def in_a_thread(target):
    thread = threading.Thread(target=target, name="worker")
    thread.start()
    thread.join()


@pytest.mark.django_db(transaction=True)
def test_unmarked_threads_using_the_database():
    in_a_thread(query)


@pytest.mark.django_db(transaction=True)
def test_unmarked_threads_without_the_database():
    query()
    in_a_thread(lambda: None)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_marked():
    in_a_thread(query)
"""


def test_threads_using_the_database_need_the_concurrency_marker(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = comptoir.settings\n"
        "markers =\n    concurrency: real concurrent transactions\n"
    )
    pytester.makepyfile(test_threads=THREADED_TESTS)

    # The repository's conftest.py, loaded as a plugin.
    result = pytester.runpytest_subprocess(
        "-p", "conftest", "--no-migrations", "-p", "no:cacheprovider"
    )

    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*test_unmarked_threads_using_the_database*",
            "*threads started by this test opened database connections (worker): "
            "mark it @pytest.mark.concurrency*",
            "1 concurrency test(s) skipped: PostgreSQL only, the database is sqlite;*",
        ]
    )


def test_postgres_only_tests_are_skipped_and_counted_apart(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeini(
        "[pytest]\nDJANGO_SETTINGS_MODULE = comptoir.settings\n"
        "markers =\n    concurrency: real concurrent transactions\n"
        "    postgres_only: needs PostgreSQL itself\n"
    )
    pytester.makepyfile(
        test_postgres="""
import pytest


@pytest.mark.postgres_only
def test_pg_dump():
    raise AssertionError("not on SQLite")


@pytest.mark.postgres_only
@pytest.mark.concurrency
def test_both():
    raise AssertionError("not on SQLite")


def test_anywhere():
    pass
"""
    )

    result = pytester.runpytest_subprocess("-p", "conftest", "-p", "no:cacheprovider", "-rs")

    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "1 concurrency test(s) skipped: PostgreSQL only, the database is sqlite;*",
            "1 postgres_only test(s) skipped: PostgreSQL only, the database is sqlite;*",
            "SKIPPED*postgres_only test, PostgreSQL only, the database is sqlite*",
        ]
    )
