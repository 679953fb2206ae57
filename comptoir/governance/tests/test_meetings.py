"""Meetings: convocation emailed to the members with the order of the day, attendance and
proxies within the body's limit, the quorum, the minutes (Markdown, sanitised on the page)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comptoir.governance import exceptions as errors
from comptoir.governance.models import Attendance
from comptoir.governance.services.meetings import (
    attendance_record,
    meeting_add_proposal,
    meeting_convene,
    meeting_create,
    meeting_quorum,
    minutes_publish,
)
from comptoir.governance.tests.factories import make_body, make_proposal

pytestmark = pytest.mark.django_db


def _meeting(body):
    return meeting_create(
        body=body, by=None, kind="general_assembly", title="AG 2026", starts_at=timezone.now()
    )


def test_the_convocation_goes_to_each_member_with_the_order_of_the_day(
    place, concierge, django_capture_on_commit_callbacks
):
    body, people = make_body(place, members=3)
    meeting = _meeting(body)
    meeting_add_proposal(meeting=meeting, proposal=make_proposal(body, people[0]), by=concierge)
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_convene(meeting=meeting, by=concierge) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert "Adopter la charte" in mail.outbox[0].body


def test_proxies_within_the_limit_and_the_quorum(place):
    body, people = make_body(place, members=6, quorum_percent=50, proxy_limit=1)
    meeting = _meeting(body)
    attendance_record(meeting=meeting, person=people[0], by=None)
    attendance_record(meeting=meeting, person=people[1], by=None)
    assert not meeting_quorum(meeting)["reached"]
    attendance_record(meeting=meeting, person=people[2], by=None, proxy_holder=people[0])
    with pytest.raises(errors.ProxyLimit):
        attendance_record(meeting=meeting, person=people[3], by=None, proxy_holder=people[0])
    quorum = meeting_quorum(meeting)
    assert (quorum["present"], quorum["represented"], quorum["reached"]) == (2, 1, True)
    assert Attendance.objects.count() == 3


def test_a_proxy_goes_to_a_present_member_other_than_oneself(place, person):
    body, people = make_body(place, members=3)
    meeting = _meeting(body)
    with pytest.raises(errors.ProxyInvalid):
        attendance_record(meeting=meeting, person=people[1], by=None, proxy_holder=people[0])
    attendance_record(meeting=meeting, person=people[0], by=None)
    with pytest.raises(errors.ProxyInvalid):
        attendance_record(meeting=meeting, person=people[0], by=None, proxy_holder=people[0])
    with pytest.raises(errors.ProxyInvalid):
        attendance_record(meeting=meeting, person=person, by=None)  # not a member


def test_the_minutes_are_sanitised_markdown(place, login):
    body, people = make_body(place)
    meeting = _meeting(body)
    with pytest.raises(errors.MinutesInvalid):
        minutes_publish(meeting=meeting, by=None, minutes="  ")
    minutes_publish(meeting=meeting, by=None, minutes="# AG\n\n**Adopté**<script>x()</script>")
    page = login(people[0]).get(reverse("governance:meeting", args=[place.slug, meeting.pk]))
    html = page.content.decode()
    assert "<strong>Adopté</strong>" in html and "<script>x()" not in html
