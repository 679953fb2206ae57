"""Governance's part of a person's data (see `community.personal_data`): the bodies they
belong to, their positions, their proposals, their attendance at meetings.

Erasure ends their memberships and replaces the reasons of their positions (their words)
by a dash;
the positions themselves stay, anonymised, because a decision's count is a record of the
body: removing them would change decisions already taken."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.governance.models import Attendance, Membership, Position, Proposal


def _memberships(person: Person) -> list[Row]:
    rows = Membership.objects.filter(person=person).select_related("body").order_by("pk")
    return [
        {"body": m.body.name, "joined_at": cell(m.joined_at), "left_at": cell(m.left_at)}
        for m in rows
    ]


def _positions(person: Person) -> list[Row]:
    rows = Position.objects.filter(person=person).select_related("proposal").order_by("pk")
    return [
        {
            "proposal": p.proposal.question,
            "stance": p.get_stance_display(),
            "reason": p.reason,
            "updated_at": cell(p.updated_at),
        }
        for p in rows
    ]


def _proposals(person: Person) -> list[Row]:
    rows = Proposal.objects.filter(author=person).order_by("pk")
    return [{"question": p.question, "created_at": cell(p.created_at)} for p in rows]


def _attendances(person: Person) -> list[Row]:
    rows = Attendance.objects.filter(person=person).select_related("meeting").order_by("pk")
    return [
        {"meeting": a.meeting.title, "proxy": str(a.proxy_holder or "")}
        for a in rows.select_related("proxy_holder")
    ]


def erase(erasure: Erasure) -> None:
    person = erasure.person
    memberships = Membership.objects.filter(person=person)
    ids = list(memberships.values_list("pk", flat=True))
    memberships.filter(left_at__isnull=True).update(left_at=timezone.now())
    # An objection keeps a reason (the database asks for one): a dash, not her words.
    Position.objects.filter(person=person).exclude(reason="").update(reason="—")
    erasure.scrub_audit(Membership, ids)  # "<person> · <body>", written with her name


PROVIDER = Provider(
    app="governance",
    order=60,
    sections=(
        Section(
            "body_memberships",
            _("Bodies"),
            (("body", _("body")), ("joined_at", _("joined at")), ("left_at", _("left at"))),
            _memberships,
        ),
        Section(
            "positions",
            _("Positions on proposals"),
            (
                ("proposal", _("proposal")),
                ("stance", _("position")),
                ("reason", _("reason")),
                ("updated_at", _("updated at")),
            ),
            _positions,
        ),
        Section(
            "proposals",
            _("Proposals written"),
            (("question", _("question")), ("created_at", _("created at"))),
            _proposals,
        ),
        Section(
            "meeting_attendances",
            _("Meetings attended"),
            (("meeting", _("meeting")), ("proxy", _("represented by"))),
            _attendances,
        ),
    ),
    erase=erase,
)
