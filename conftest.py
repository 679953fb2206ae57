"""Test-only settings and shared fixtures (see STYLE.md §8: no third settings module)."""

from __future__ import annotations

import copy
import threading
from collections import Counter
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.backends.signals import connection_created
from django.test import Client

# The guard's own test runs pytest inside pytest (tests/test_concurrency_guard.py).
pytest_plugins = ("pytester",)


def _replica_alias() -> None:
    """Issue 17 pt 4: the `replica` alias that DATABASE_REPLICA_URL adds, here as Django's
    TEST MIRROR of `default` (a second connection to the test database). Nothing reads from
    it unless a test turns the router on (core/tests/test_replica.py)."""
    from django.db import connections

    if "replica" not in connections.settings:
        default = connections.settings["default"]
        mirror = {**copy.deepcopy(default), "TEST": {**default["TEST"], "MIRROR": "default"}}
        connections.settings["replica"] = mirror


_replica_alias()


@pytest.fixture(autouse=True, scope="session")
def _sqlite_flush_keeps_triggers() -> None:
    """Between transactional tests Django empties every table. PostgreSQL does it with
    TRUNCATE, which row triggers (the invoices' inalterability, invoicing 0002–0005) do not
    see; SQLite deletes row by row, the triggers refuse, and every later test found the
    earlier one's rows. On SQLite the flush drops the triggers, empties, then recreates them
    as they were, as TRUNCATE leaves them on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    from django.db.backends.sqlite3.operations import DatabaseOperations

    plain_flush = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **options: Any) -> list[str]:
        statements = plain_flush(self, style, tables, **options)
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
        drops = [f'DROP TRIGGER IF EXISTS "{name}"' for name, _sql in triggers]
        return [*drops, *statements, *(sql for _name, sql in triggers)]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Issue 13 pt 4: rate-limit counters live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "fr"


# --- Redis: runs beside PostgreSQL on this machine and in CI -------------------------------
# Database 13 is flushed by the tests that use it (14 holds other tests' keys, 15 the bench).
REDIS_TEST_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_url() -> Iterator[str]:
    """Redis database 13, empty; the test fails (not skips) when no Redis answers."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(
            f"this test needs Redis at {REDIS_TEST_URL} (apt-get install redis-server): {error}",
            pytrace=False,
        )
    client.flushdb()
    yield REDIS_TEST_URL
    client.flushdb()
    client.close()


@pytest.fixture
def place(db: Any) -> Any:
    from comptoir.places.tests.factories import PlaceFactory

    return PlaceFactory()


@pytest.fixture
def person(db: Any) -> Any:
    from comptoir.community.tests.factories import PersonFactory

    return PersonFactory()


@pytest.fixture
def concierge(place: Any) -> Any:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    who = PersonFactory(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=who, place=place, role=Role.CONCIERGE_PERMANENT)
    return who


@pytest.fixture
def member_client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def concierge_client(concierge: Any) -> Client:
    client = Client()
    client.force_login(concierge)
    return client


# --- People and places many test folders share -------------------------------------------


@pytest.fixture
def login() -> Any:
    """login(person) -> a client logged in as them; login(None) -> an anonymous client."""

    def make(person: Any) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client

    return make


@pytest.fixture
def superuser(db: Any) -> Any:
    from comptoir.community.tests.factories import PersonFactory

    return PersonFactory(first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True)


def _with_role(place: Any, role: str, first_name: str, last_name: str) -> Any:
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    who = PersonFactory(first_name=first_name, last_name=last_name)
    PlaceRoleFactory(person=who, place=place, role=role)
    return who


@pytest.fixture
def occasional_concierge(place: Any) -> Any:
    return _with_role(place, "concierge_occasional", "Paul", "Ponctuel")


@pytest.fixture
def nomad(place: Any) -> Any:
    """A member of the place, without any concierge right."""
    return _with_role(place, "nomad", "Nina", "Nomade")


@pytest.fixture
def sister_place(place: Any) -> Any:
    """Another place of the same network (same opening hours)."""
    from comptoir.places.tests.factories import PlaceFactory

    return PlaceFactory(network=place.network)


@pytest.fixture
def foreign_place(db: Any) -> Any:
    """A place of another network."""
    from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

    return PlaceFactory(network=NetworkFactory(name="Ailleurs", slug="ailleurs"))


@pytest.fixture
def sister_concierge(sister_place: Any) -> Any:
    """A permanent concierge of another place of the same network."""
    return _with_role(sister_place, "concierge_permanent", "Sarah", "Sœur")


@pytest.fixture
def other_concierge(foreign_place: Any) -> Any:
    """A permanent concierge of a place of another network."""
    return _with_role(foreign_place, "concierge_permanent", "Olivier", "Ailleurs")


# --- Concurrency tests: real concurrent transactions, PostgreSQL only ----------------------
# SQLite has no row locks: its threads fail with "database table is locked" instead of
# racing. `make test` without DATABASE_URL gives the suite a throwaway PostgreSQL; where it
# cannot (scripts/throwaway_postgres.sh), the suite runs on SQLite and these tests are skipped.
# Tests marked `postgres_only` (PostgreSQL's own tools, e.g. the pg_dump/pg_restore drill)
# are skipped and reported the same way.

# marker -> what the summary line calls the tests it skips
POSTGRES_ONLY_MARKERS = {"concurrency": "concurrency test", "postgres_only": "postgres_only test"}


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _why_skipped(vendor: str, it: str) -> str:
    return (
        f"PostgreSQL only, the database is {vendor}; "
        f"`make test` without DATABASE_URL runs {it} on a throwaway PostgreSQL"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    vendor = _vendor()
    if vendor == "postgresql":
        return
    for item in items:
        for marker, what in POSTGRES_ONLY_MARKERS.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=f"{what}, {_why_skipped(vendor, 'it')}"))
                break


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    vendor = _vendor()
    if vendor == "postgresql":
        return
    skipped = Counter(
        next((m for m in POSTGRES_ONLY_MARKERS if m in report.keywords), None)
        for report in terminalreporter.stats.get("skipped", [])
    )
    for marker, what in POSTGRES_ONLY_MARKERS.items():
        if skipped[marker]:
            terminalreporter.write_line(
                f"{skipped[marker]} {what}(s) skipped: {_why_skipped(vendor, 'them')}",
                yellow=True,
            )


class ThreadWatch:
    """The threads a test starts, and those of them that opened a database connection."""

    def __init__(self) -> None:
        self.threads: set[threading.Thread] = set()
        self.with_database: list[str] = []


_watch: ThreadWatch | None = None


def _note_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    # Django's connections are per thread: a thread's first query opens its own.
    watch, current = _watch, threading.current_thread()
    if watch is not None and current in watch.threads:
        watch.with_database.append(current.name)


connection_created.connect(_note_connection, dispatch_uid="comptoir-conftest-thread-watch")


@contextmanager
def watching_threads() -> Iterator[ThreadWatch]:
    global _watch
    watch = ThreadWatch()
    start = threading.Thread.start

    def recording_start(thread: threading.Thread) -> None:
        watch.threads.add(thread)  # before it runs, so its first query is seen
        start(thread)

    patch = pytest.MonkeyPatch()
    patch.setattr(threading.Thread, "start", recording_start)
    _watch = watch
    try:
        yield watch
    finally:
        _watch = None
        patch.undo()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    """A test whose threads use the database must be marked `concurrency`, so that it is
    skipped rather than failed where the database cannot race (SQLite). The live server's
    request threads (browser tests) use the database legitimately."""
    if item.get_closest_marker("concurrency") or "live_server" in getattr(item, "fixturenames", ()):
        return (yield)
    with watching_threads() as watch:
        result = yield
    if watch.with_database:
        pytest.fail(
            f"threads started by this test opened database connections "
            f"({', '.join(sorted(set(watch.with_database)))}): mark it "
            "@pytest.mark.concurrency (with @pytest.mark.django_db(transaction=True)), "
            "concurrency tests run on PostgreSQL only",
            pytrace=False,
        )
    return result
