"""prepared_cursor: hot plain-SQL statements planned once per connection on PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.db import connection

from comptoir.core.models import AuditEvent
from comptoir.core.prepared import model_columns, prepared_cursor, prepared_instances

pytestmark = pytest.mark.django_db

STATEMENT = "SELECT CAST(%(a)s AS integer) + CAST(%(b)s AS integer), 'comptoir-prepared-test'"


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; elsewhere the cursor is the usual one")


def test_it_answers_and_is_counted_like_any_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(2), prepared_cursor() as cursor:
        cursor.execute(STATEMENT, {"a": 2, "b": 3})
        assert cursor.fetchone() == (5, "comptoir-prepared-test")
        cursor.execute(STATEMENT, {"a": 40, "b": 2})
        assert cursor.fetchone()[0] == 42


def test_on_postgresql_the_statement_is_prepared_on_the_connection() -> None:
    needs_postgresql()
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, {"a": 1, "b": 1})

    assert any("comptoir-prepared-test" in statement for statement in prepared_statements())
    # Django's own cursors stay unprepared.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'comptoir-plain-test'")
    assert not any("comptoir-plain-test" in statement for statement in prepared_statements())


def test_it_can_be_turned_off_for_poolers(settings) -> None:
    needs_postgresql()
    settings.PREPARED_STATEMENTS = False
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT.replace("prepared-test", "off-test"), {"a": 1, "b": 1})
        assert cursor.fetchone()[0] == 2

    assert not any("comptoir-off-test" in statement for statement in prepared_statements())


def audit_statement() -> str:
    table = AuditEvent._meta.db_table
    return (
        f"SELECT {model_columns(AuditEvent, 'a')}, UPPER(a.verb) AS loud, 7 AS seven "
        f"FROM {table} a WHERE a.verb = %(verb)s ORDER BY a.id"
    )


def test_instances_come_with_their_extras_and_the_orm_types(django_assert_num_queries) -> None:
    saved = AuditEvent.objects.create(
        verb="prepared.instances", target_type="test", data={"où": ["là", 2]}
    )
    AuditEvent.objects.create(verb="something.else", target_type="test")
    with django_assert_num_queries(1):
        [event] = prepared_instances(
            AuditEvent, audit_statement(), {"verb": "prepared.instances"}, extras=("loud", "seven")
        )

    assert event.pk == saved.pk and not event._state.adding
    # The JSON and the time converted as the ORM does (SQLite stores both as text).
    assert event.data == {"où": ["là", 2]}
    assert isinstance(event.created_at, datetime) and event.created_at == saved.created_at
    assert (event.loud, event.seven) == ("PREPARED.INSTANCES", 7)
    assert prepared_instances(AuditEvent, audit_statement(), {"verb": "nothing"}) == []


def test_the_instances_statement_is_prepared_on_postgresql() -> None:
    needs_postgresql()
    prepared_instances(AuditEvent, audit_statement(), {"verb": "x"}, extras=("loud", "seven"))

    assert any("UPPER(a.verb) AS loud" in statement for statement in prepared_statements())
