"""Emails about registrations (Django's locmem outbox) and the reminder the day before."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from comptoir.agenda import notifications
from comptoir.agenda.models import Registration
from comptoir.agenda.services.events import event_cancel
from comptoir.agenda.services.registrations import (
    Guest,
    register_at_desk,
    register_guest,
    register_member,
    registration_cancel,
    registration_from_token,
)
from comptoir.agenda.tests.conftest import local_at
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = "https://comptoir.example"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what services schedule after commit (the emails) right away."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def subject_fr(msgid: str, **params: Any) -> str:
    with translation.override("fr"):
        return gettext(msgid) % params


def cancel_token_in(body: str) -> str:
    found = re.search(r"https://comptoir\.example/\S*?/inscriptions/([^/\s]+)/annuler/", body)
    assert found, body
    return found.group(1)


def test_a_confirmed_registration_gets_its_cancel_link(workshop: Any, on_commit: Any) -> None:
    with on_commit():
        registration = register_guest(event=workshop, guest=Guest("Ana", email="ana@example.org"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == subject_fr("You are registered: %(title)s", title=workshop.title)
    assert registration_from_token(cancel_token_in(message.body)) == registration
    assert f"https://comptoir.example/agenda/{workshop.pk}/" in message.body
    assert workshop.place.name in message.body


def test_a_member_is_written_to_in_their_language(workshop: Any, on_commit: Any) -> None:
    member = PersonFactory(preferred_language="en")
    with on_commit():
        register_member(event=workshop, person=member)
    assert mail.outbox[0].to == [member.email]
    assert mail.outbox[0].subject == f"You are registered: {workshop.title}"


def test_someone_with_a_phone_alone_gets_no_email(
    workshop: Any, concierge: Any, on_commit: Any
) -> None:
    with on_commit():
        register_at_desk(event=workshop, by=concierge, guest=Guest("Marcel", phone="0612345678"))
    assert mail.outbox == []


def test_the_waitlisted_and_then_promoted_are_told(make_event: Any, on_commit: Any) -> None:
    event = make_event(capacity=1)
    with on_commit():
        first = register_guest(event=event, guest=Guest("Un", email="un@example.org"))
        register_guest(event=event, guest=Guest("Deux", email="deux@example.org"))
    assert [m.to for m in mail.outbox] == [["un@example.org"], ["deux@example.org"]]
    assert mail.outbox[1].subject == subject_fr("On the waitlist: %(title)s", title=event.title)
    assert "/inscriptions/" in mail.outbox[1].body  # to leave the waitlist

    with on_commit():
        registration_cancel(registration=first)
    assert len(mail.outbox) == 3
    promoted = mail.outbox[2]
    assert promoted.to == ["deux@example.org"]
    assert promoted.subject == subject_fr("A seat is yours: %(title)s", title=event.title)
    second = Registration.objects.get(email="deux@example.org")
    assert registration_from_token(cancel_token_in(promoted.body)) == second


def test_an_event_cancelled_tells_everyone_registered_with_an_email(
    make_event: Any, concierge: Any, on_commit: Any
) -> None:
    event = make_event(capacity=1)
    register_guest(event=event, guest=Guest("Un", email="un@example.org"))
    register_guest(event=event, guest=Guest("Deux", email="deux@example.org"))
    register_guest(event=event, guest=Guest("Trois", phone="0612345678"))
    gone = register_guest(event=event, guest=Guest("Quatre", email="quatre@example.org"))
    registration_cancel(registration=gone)
    mail.outbox.clear()
    with on_commit():
        event_cancel(event=event, by=concierge)
    assert sorted(m.to[0] for m in mail.outbox) == ["deux@example.org", "un@example.org"]
    assert mail.outbox[0].subject == subject_fr("Cancelled: %(title)s", title=event.title)
    assert f"https://comptoir.example/lieux/{event.place.slug}/agenda/" in mail.outbox[0].body


def test_emails_are_plain_text_not_html_escaped(make_event: Any, on_commit: Any) -> None:
    event = make_event(title="L'ordinateur & moi")
    with on_commit():
        register_guest(event=event, guest=Guest("Zoé O'Neil", email="zoe@example.org"))
    body = mail.outbox[0].body
    assert "L'ordinateur & moi" in body and "Zoé O'Neil" in body
    assert "&amp;" not in body and "&#x27;" not in body


def test_without_site_url_links_use_the_site_domain(
    workshop: Any, settings: Any, on_commit: Any
) -> None:
    from django.contrib.sites.models import Site

    del settings.SITE_URL
    domain = Site.objects.get_current().domain
    with on_commit():
        register_guest(event=workshop, guest=Guest("Ana", email="ana@example.org"))
    assert f"http://{domain}/agenda/{workshop.pk}/" in mail.outbox[0].body


# --- the reminder the day before -----------------------------------------------------------


@pytest.fixture
def cayenne(db: Any) -> tuple[Any, Any]:
    """A place in French Guiana (UTC−3) and its concierge."""
    place = PlaceFactory(timezone="America/Cayenne")
    who = PersonFactory()
    PlaceRoleFactory(person=who, place=place, role=Role.CONCIERGE_PERMANENT)
    return place, who


def reminders_sent(*, now: dt.datetime) -> int:
    """`send_reminders`, with what its commits set off: the emails leave then."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return notifications.send_reminders(now=now)


def register_two(event: Any, tag: str) -> None:
    register_guest(event=event, guest=Guest(tag, email=f"{tag}@example.org"))
    register_guest(event=event, guest=Guest(f"{tag}-tel", phone="0612345678"))


def test_reminders_go_the_day_before_once_in_each_place_time_zone(
    place: Any, make_event: Any, cayenne: Any
) -> None:
    # 02:00 in Paris five days from now is still the evening before in Cayenne.
    now = local_at(place, 5, 2, 0)
    in_cayenne = now.astimezone(ZoneInfo("America/Cayenne"))
    assert in_cayenne.date() == now.date() - dt.timedelta(days=1)
    paris_tomorrow = make_event(title="Demain", start=local_at(place, 6, 14))
    paris_late = make_event(title="Demain soir", start=local_at(place, 6, 21), capacity=1)
    make_event(title="Aujourd'hui", start=local_at(place, 5, 18))
    make_event(title="Après-demain", start=local_at(place, 7, 0, 30))
    guiana, guiana_concierge = cayenne
    cayenne_tomorrow = make_event(
        title="Cayenne demain",
        place=guiana,
        by=guiana_concierge,
        start=dt.datetime.combine(now.date(), dt.time(10), tzinfo=ZoneInfo("America/Cayenne")),
    )
    make_event(
        title="Cayenne après-demain",
        place=guiana,
        by=guiana_concierge,
        start=dt.datetime.combine(
            now.date() + dt.timedelta(days=1), dt.time(10), tzinfo=ZoneInfo("America/Cayenne")
        ),
    )
    from comptoir.agenda.models import Event

    for event in Event.objects.all():
        register_two(event, f"e{event.pk}")
    waiting = register_guest(event=paris_late, guest=Guest("Attend", email="wait@example.org"))
    assert waiting.status == Registration.Status.WAITLISTED
    mail.outbox.clear()

    sent = reminders_sent(now=now)

    reminded = {m.to[0] for m in mail.outbox}
    assert reminded == {
        f"e{paris_tomorrow.pk}@example.org",
        f"e{paris_late.pk}@example.org",
        f"e{cayenne_tomorrow.pk}@example.org",
    }
    assert sent == 3
    subject = subject_fr("Tomorrow: %(title)s", title="Demain")
    assert subject in {m.subject for m in mail.outbox}
    assert Registration.objects.filter(reminded_at=now).count() == 3
    # phone-only and waitlisted people: nothing sent, nothing recorded
    assert not Registration.objects.filter(phone__gt="", reminded_at__isnull=False).exists()
    waiting.refresh_from_db()
    assert waiting.reminded_at is None

    assert reminders_sent(now=now) == 0
    assert reminders_sent(now=now + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 3


def test_a_cancelled_registration_or_event_gets_no_reminder(
    place: Any, make_event: Any, concierge: Any
) -> None:
    now = local_at(place, 5, 6, 0)
    event = make_event(start=local_at(place, 6, 10))
    other = make_event(start=local_at(place, 6, 15))
    gone = register_guest(event=event, guest=Guest("A", email="a@example.org"))
    registration_cancel(registration=gone)
    register_guest(event=other, guest=Guest("B", email="b@example.org"))
    event_cancel(event=other, by=concierge)
    mail.outbox.clear()
    assert reminders_sent(now=now) == 0
    assert mail.outbox == []


def test_the_reminder_task_runs_for_today(place: Any, make_event: Any) -> None:
    from comptoir.agenda.tasks import send_reminders

    event = make_event(start=local_at(place, 1, 23, 0))
    register_guest(event=event, guest=Guest("A", email="a@example.org"))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = send_reminders.enqueue()
    assert result.return_value == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_the_scheduler_enqueues_the_reminders_once_a_day() -> None:
    from comptoir.home.management.commands.comptoir_scheduler import enqueue_due

    morning = dt.datetime(2031, 5, 6, 7, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert "send_reminders" in enqueue_due(morning)
    assert "send_reminders" not in enqueue_due(morning + dt.timedelta(hours=1))


def test_nobody_is_told_of_a_registration_once_the_event_is_over(
    workshop: Any, on_commit: Any
) -> None:
    """The task may run after the event (a worker that was down; the demo's past month)."""
    registration = register_guest(event=workshop, guest=Guest("Ana", email="ana@example.org"))
    with time_machine.travel(workshop.end + dt.timedelta(minutes=1), tick=False):
        assert notifications.registration_created(registration.pk) is False
        assert notifications.registration_promoted(registration.pk) is False
    assert mail.outbox == []
