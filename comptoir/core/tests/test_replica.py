"""Reports read from the replica when one is configured; every other read, and every write,
from `default` (core.db). The replica here is Django's TEST MIRROR of the test database: a
second connection to the same database, as a streaming replica would be."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.access import selectors as access_selectors
from comptoir.agenda import report_sections, reports
from comptoir.core.db import REPLICA, reading_from_replica
from comptoir.places.models import Place

# The activity report: its five queries, and those of the sections other apps add.
REPORT_QUERIES = 5 + report_sections.queries()

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica(settings: Any) -> Any:
    """The router settings.py sets with DATABASE_REPLICA_URL; the `replica` alias is the test
    database's mirror (conftest.py): committed rows only, hence transactional tests."""
    settings.DATABASE_ROUTERS = ["comptoir.core.db.ReplicaRouter"]
    return connections[REPLICA]


def _captured(replica: Any) -> tuple[CaptureQueriesContext, CaptureQueriesContext]:
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(replica)


def test_the_activity_report_page_reads_from_the_replica(replica, place, concierge, login):
    client = login(concierge)
    on_default, on_replica = _captured(replica)
    with on_default, on_replica:
        response = client.get(reverse("agenda:report", args=[place.slug]))
    assert response.status_code == 200
    report_queries = [q["sql"] for q in on_replica.captured_queries]
    # the report's five queries and those of the sections other apps add, all of them
    assert len(report_queries) == REPORT_QUERIES
    assert all(
        any(table in sql for table in ("agenda_", "conciergerie_", "roster_"))
        for sql in report_queries
    )
    # the session, the user, the place and the permission stay on default
    assert not any("agenda_event" in q["sql"] for q in on_default.captured_queries)
    assert on_default.captured_queries


def test_other_pages_read_from_default(replica, place, concierge, login):
    client = login(concierge)
    on_default, on_replica = _captured(replica)
    with on_default, on_replica:
        response = client.get(reverse("agenda:place-manage", args=[place.slug]))
    assert response.status_code == 200
    assert on_default.captured_queries
    assert on_replica.captured_queries == []


def test_the_settlement_between_places_reads_from_the_replica(replica, place):
    on_default, on_replica = _captured(replica)
    with on_default, on_replica:
        rows = access_selectors.settlement_report(
            network=place.network, month=timezone.localdate().replace(day=1)
        )
    assert rows == []
    assert len(on_replica.captured_queries) == 1
    assert on_default.captured_queries == []


def test_writes_go_to_default_even_while_reading_from_the_replica(replica, place):
    on_default, on_replica = _captured(replica)
    with on_default, on_replica, reading_from_replica():
        read = Place.objects.get(pk=place.pk)
        read_from = read._state.db
        read.name = "Le Mixeur"
        read.save(update_fields=["name"])
    assert read_from == REPLICA
    assert [q["sql"].split()[0] for q in on_replica.captured_queries] == ["SELECT"]
    assert [q["sql"].split()[0] for q in on_default.captured_queries] == ["UPDATE"]
    assert Place.objects.get(pk=place.pk).name == "Le Mixeur"


def test_a_report_inside_a_transaction_reads_from_default(replica, place):
    on_default, on_replica = _captured(replica)
    today = timezone.localdate()
    with on_default, on_replica, transaction.atomic():
        reports.activity_report(place=place, start=today - dt.timedelta(days=30), end=today)
    assert on_replica.captured_queries == []
    selects = [q for q in on_default.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == REPORT_QUERIES


@pytest.mark.django_db
def test_without_a_replica_reports_read_from_default(place, django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(REPORT_QUERIES):
        reports.activity_report(place=place, start=today - dt.timedelta(days=30), end=today)


def test_settings_add_the_replica_and_its_router_from_the_environment() -> None:
    environment = {**os.environ, "DATABASE_REPLICA_URL": "postgresql://reader@replica:5432/c"}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; r = s.DATABASES['replica']; "
            "print(r['HOST'], r['NAME'], r['TEST'], s.DATABASE_ROUTERS)",
        ],
        env=environment | {"DJANGO_SETTINGS_MODULE": "comptoir.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == "replica c {'MIRROR': 'default'} ['comptoir.core.db.ReplicaRouter']"
