"""The scheduler enqueues the minute task every time and the daily one once a day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from comptoir.home.management.commands.comptoir_scheduler import enqueue_due

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.django_db
def test_it_enqueues_the_daily_upkeep_once_per_day():
    morning = dt.datetime(2031, 5, 6, 7, 0, tzinfo=PARIS)
    first = enqueue_due(morning)
    second = enqueue_due(morning + dt.timedelta(hours=3))
    next_day = enqueue_due(morning + dt.timedelta(days=1))
    minutely = ["auto_check_out", "expire_waitlist_offers"]
    daily = ["daily_access_upkeep", "send_reminders", "purge_guest_contacts", "close_due_periods"]
    assert first == [*minutely, *daily]
    assert second == minutely
    assert next_day == [*minutely, *daily]


@pytest.mark.django_db
def test_it_waits_for_five_in_the_morning_for_the_daily_upkeep():
    night = dt.datetime(2031, 5, 6, 3, 0, tzinfo=PARIS)
    assert enqueue_due(night) == ["auto_check_out", "expire_waitlist_offers"]


@pytest.mark.django_db
def test_the_command_runs_once_and_exits():
    call_command("comptoir_scheduler", "--once", verbosity=0)
