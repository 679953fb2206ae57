"""With TASKS_BACKEND=rq, tasks wait in Redis and an rq worker runs them, on any machine
(issue 17 pt 4): here the automatic checkout at closing time, enqueued through Django's
Tasks API, run by a real worker, its effect read back from the database."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import django_rq
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from comptoir.access.tests.timing import at
from comptoir.presence import services
from comptoir.presence.models import Visit
from comptoir.presence.tasks import auto_check_out


@pytest.fixture
def on_rq(settings: Any, redis_url: str) -> Iterator[str]:
    """The settings.py of TASKS_BACKEND=rq, with the queue in the tests' Redis database."""
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # An rq worker takes over SIGINT and SIGTERM; give them back to pytest afterwards.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield redis_url
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.fixture
def open_visit(place: Any, concierge: Any, nomad: Any) -> Visit:
    """Checked in last Monday at 10:00 and never checked out (the place closes at 18:00)."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    return services.visit_check_in(
        person=nomad, place=place, by=concierge, at=at(monday, 10), override_reason="Test"
    )


def _assert_checked_out_at_closing_time(visit: Visit) -> None:
    visit.refresh_from_db()
    assert visit.auto_checked_out is True
    assert visit.checked_out_at == at(timezone.localtime(visit.checked_in_at).date(), 18)


@pytest.mark.django_db
def test_a_task_waits_in_redis_until_a_worker_runs_it(on_rq, open_visit):
    result = auto_check_out.enqueue()

    assert result.backend == "default"
    assert django_rq.get_queue("default").count == 1
    open_visit.refresh_from_db()
    assert open_visit.checked_out_at is None  # queued, not run in the request

    # The worker `manage.py rqworker` builds, in this process (SimpleWorker: no fork).
    worker = django_rq.get_worker("default", worker_class="rq.SimpleWorker")
    assert worker.work(burst=True) is True

    _assert_checked_out_at_closing_time(open_visit)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert django_rq.get_queue("default").count == 0


def _database_url() -> str:
    """The test database, as another machine's worker would reach it."""
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_the_app_enqueued(on_rq, open_visit):
    auto_check_out.enqueue()

    environment = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "TASKS_BACKEND"}
    } | {
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "rq",
        "TASKS_REDIS_URL": on_rq,
        "DJANGO_SETTINGS_MODULE": "comptoir.settings",
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "default", "--burst"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert worker.returncode == 0, worker.stderr
    assert "Job OK" in worker.stderr
    _assert_checked_out_at_closing_time(open_visit)
