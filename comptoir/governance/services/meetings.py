"""Meetings: scheduled, convened by email, attendance and proxies (within the body's limit),
the quorum computed from who is present or represented, the minutes published.

Recording a proxy locks the meeting's row: two proxies given at once to the same holder
cannot both pass the limit."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from comptoir.community.models import Person
from comptoir.core.email import Recipient, send_email
from comptoir.core.exceptions import NotAllowed
from comptoir.core.inputs import is_unstorable
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.governance import permissions
from comptoir.governance.audit import Verb
from comptoir.governance.exceptions import (
    MeetingDateInvalid,
    MinutesInvalid,
    ProxyInvalid,
    ProxyLimit,
    QuestionInvalid,
)
from comptoir.governance.models import Attendance, Body, Meeting, Membership, Proposal
from comptoir.governance.processes import quorum_reached
from comptoir.governance.signals import minutes_published


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    by: Actor | None,
    kind: str,
    title: str,
    starts_at: datetime | None,
    location: str = "",
) -> Meeting:
    if by is not None and not permissions.can_manage_body(by, body):
        raise NotAllowed()
    title = (title or "").strip()
    if not title or len(title) > 200 or is_unstorable(title) or kind not in Meeting.Kind.values:
        raise QuestionInvalid(field="title")
    if starts_at is None or abs(starts_at - timezone.now()) > timedelta(days=3660):
        raise MeetingDateInvalid(field="starts_at")
    location = (location or "").strip()[:200]
    if is_unstorable(location):
        raise QuestionInvalid(field="location")
    meeting = Meeting.objects.create(
        body=body, kind=kind, title=title, starts_at=starts_at, location=location
    )
    audit_record(actor=by, verb=Verb.MEETING_CREATED, target=meeting, place=body.place)
    return meeting


@transaction.atomic
def meeting_convene(*, meeting: Meeting, by: Actor | None) -> int:
    """Email the convocation, with the order of the day, to each current member."""
    body = meeting.body
    if by is not None and not permissions.can_manage_body(by, body):
        raise NotAllowed()
    members = Person.objects.filter(
        pk__in=Membership.objects.current().filter(body=body).values("person_id"), is_active=True
    )
    proposals = list(meeting.proposals.order_by("pk"))
    tz = body.place.timezone if body.place else "Europe/Paris"
    sent = 0
    for person in members:
        context = {"meeting": meeting, "person": person, "proposals": proposals, "tz": tz}
        send_email("governance/email/convocation", Recipient.of(person), context)
        sent += 1
    meeting.convened_at = timezone.now()
    meeting.save(update_fields=["convened_at", "updated_at"])
    audit_record(
        actor=by, verb=Verb.MEETING_CONVENED, target=meeting, place=body.place, data={"sent": sent}
    )
    return sent


@transaction.atomic
def meeting_add_proposal(*, meeting: Meeting, proposal: Proposal, by: Actor) -> Proposal:
    """Put a proposal of the same body on the meeting's order of the day."""
    if not permissions.can_manage_body(by, meeting.body) or proposal.body_id != meeting.body_id:
        raise NotAllowed()
    proposal.meeting = meeting
    proposal.save(update_fields=["meeting", "updated_at"])
    return proposal


def _current_member_ids(body: Body) -> set[int]:
    return set(Membership.objects.current().filter(body=body).values_list("person_id", flat=True))


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, person: Person, by: Actor | None, proxy_holder: Person | None = None
) -> Attendance:
    """A member present, or represented by another member present who holds their proxy
    (at most the body's limit per holder). Recorded again, it replaces the previous row."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    body = meeting.body
    if by is not None and not permissions.can_manage_body(by, body):
        raise NotAllowed()
    members = _current_member_ids(body)
    if person.pk not in members:
        raise ProxyInvalid(field="person")
    if proxy_holder is not None:
        holder_present = Attendance.objects.filter(
            meeting=meeting, person=proxy_holder, proxy_holder__isnull=True
        ).exists()
        if proxy_holder.pk == person.pk or proxy_holder.pk not in members or not holder_present:
            raise ProxyInvalid(field="proxy_holder")
        held = (
            Attendance.objects.filter(meeting=meeting, proxy_holder=proxy_holder)
            .exclude(person=person)
            .count()
        )
        if held >= body.proxy_limit:
            raise ProxyLimit(field="proxy_holder")
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"proxy_holder": proxy_holder}
    )
    audit_record(
        actor=by,
        verb=Verb.ATTENDANCE_RECORDED,
        target=meeting,
        place=body.place,
        data={"person": person.pk, "proxy_holder": proxy_holder.pk if proxy_holder else None},
    )
    return attendance


def meeting_quorum(meeting: Meeting) -> dict[str, int | bool]:
    """Who counts: present and represented members, against the body's quorum."""
    members = Membership.objects.current().filter(body=meeting.body).count()
    rows = list(meeting.attendances.values_list("proxy_holder_id", flat=True))
    present = sum(1 for holder in rows if holder is None)
    represented = len(rows) - present
    return {
        "members": members,
        "present": present,
        "represented": represented,
        "reached": quorum_reached(present + represented, members, meeting.body.quorum_percent),
    }


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: Actor | None, minutes: str) -> Meeting:
    """The minutes in Markdown (rendered by core's sanitising Markdown on the page),
    published, or corrected when published again; the apps above hear of it through
    `signals.minutes_published` (the documentation holds them)."""
    if by is not None and not permissions.can_manage_body(by, meeting.body):
        raise NotAllowed()
    minutes = (minutes or "").strip()
    if not minutes or len(minutes) > 100_000 or is_unstorable(minutes):
        raise MinutesInvalid(field="minutes")
    meeting.minutes = minutes
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    meeting.save(update_fields=["minutes", "minutes_published_at", "updated_at"])
    audit_record(actor=by, verb=Verb.MINUTES_PUBLISHED, target=meeting, place=meeting.body.place)
    # The documentation (publishing) keeps its page of the minutes in this transaction.
    minutes_published.send(sender=Meeting, meeting=meeting, by=by)
    return meeting
