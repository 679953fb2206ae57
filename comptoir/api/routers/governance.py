"""Governance: a place's bodies, proposals (write one, take a position, answer an
objection, close, decide after advice, publish), the register of decisions, meetings
(schedule, convene, attendance and proxies, minutes). The rules are `governance`'s."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, Slug
from comptoir.community import permissions as community
from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.ranges import MAX_CENTS, SupportedAwareDatetime, SupportedDate
from comptoir.governance import permissions, selectors
from comptoir.governance.models import Body, Meeting, Method, Position, Process, Proposal
from comptoir.governance.services import meetings as meeting_services
from comptoir.governance.services import proposals as services

router = Router(tags=["governance"])


class GovernanceBodyOut(Schema):
    id: int
    kind: str
    name: str
    quorum_percent: int
    majority_percent: int
    proxy_limit: int
    member_count: int


class ProposalOptionOut(Schema):
    id: int
    label: str


# A database id, and a number a change carries (cents, a rule's value, a person): bounded
# so that no input reaches the database out of its range.
MAX_ID = 2_147_483_647
ChangeNumber = Annotated[int, Field(ge=0, le=MAX_CENTS)]


class DecisionChangeIn(InSchema):
    kind: str = Field(max_length=20, description="plan_price, opening_hours, booking_rule or role.")
    target: int = Field(
        ge=1,
        le=MAX_ID,
        description="The offer, the place or the resource changed (the place for a role).",
    )
    value: ChangeNumber | str | dict[str, ChangeNumber | str] = Field(
        description="Cents; OSM hours; {rule, value}; {person, role}."
    )
    effective_on: SupportedDate | None = Field(None, description="Empty: once adopted.")
    option: int | None = Field(None, ge=0, le=19, description="With a vote: the option's index.")


class DecisionChangeOut(Schema):
    id: int
    kind: str
    target_id: int
    target_repr: str
    value: Any
    previous: Any
    effective_on: dt.date | None
    option_id: int | None
    status: str
    error: str


class ProposalIn(InSchema):
    question: str = Field(max_length=200)
    context: str = Field("", max_length=20_000, description="Markdown.")
    process: Process
    method: Method = Method.SINGLE
    closes_at: SupportedAwareDatetime
    options: list[str] = Field([], max_length=20, description="For a vote: 2 to 20 options.")
    changes: list[DecisionChangeIn] = Field([], max_length=10)


class ProposalOut(Schema):
    id: int
    body_id: int
    author_id: int
    question: str
    context: str
    process: str
    method: str
    closes_at: dt.datetime
    status: str
    outcome: str
    winner_id: int | None
    tally: dict[str, Any]
    closed_at: dt.datetime | None
    outcome_text: str
    published_at: dt.datetime | None


class ProposalDetailOut(ProposalOut):
    options: list[ProposalOptionOut]
    changes: list[DecisionChangeOut]
    position_count: int


class PositionIn(InSchema):
    stance: str = Field(max_length=10, description="agree, abstain, object or vote.")
    reason: str = Field("", max_length=20_000, description="Required for an objection.")
    choices: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        [], max_length=20, description="A vote's option ids (ranked: in order of preference)."
    )


class PositionOut(Schema):
    id: int
    person_id: int
    stance: str
    reason: str
    choices: list[int]
    answer: str
    answered_at: dt.datetime | None


class ProposalTextIn(InSchema):
    text: str = Field(max_length=20_000)


class ProposalDecideIn(InSchema):
    adopted: bool


class MeetingIn(InSchema):
    kind: Meeting.Kind
    title: str = Field(max_length=200)
    starts_at: SupportedAwareDatetime
    location: str = Field("", max_length=200)


class MeetingOut(Schema):
    id: int
    body_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    location: str
    convened_at: dt.datetime | None
    minutes: str
    minutes_published_at: dt.datetime | None


class MeetingQuorumOut(Schema):
    members: int
    present: int
    represented: int
    reached: bool


class MeetingAttendanceIn(InSchema):
    person_id: int = Field(ge=1)
    proxy_holder_id: int | None = Field(None, ge=1, description="Empty: present in person.")


class MeetingMinutesIn(InSchema):
    minutes: str = Field(max_length=100_000, description="Markdown.")


def _visible_body(user: Any, body_id: int) -> Body:
    body = Body.objects.get(pk=body_id)
    selectors.member_ids(body)
    if not permissions.can_view_body(user, body):
        raise NotAllowed()
    return body


def _visible_proposal(user: Any, proposal_id: int) -> Proposal:
    proposal = Proposal.objects.select_related("body").get(pk=proposal_id)
    selectors.member_ids(proposal.body)
    if not permissions.can_view_body(user, proposal.body):
        raise NotAllowed()
    return proposal


def _visible_meeting(user: Any, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    selectors.member_ids(meeting.body)
    if not permissions.can_view_body(user, meeting.body):
        raise NotAllowed()
    return meeting


def _place_member(user: Any, slug: str) -> Any:
    place = place_get_active(slug=slug)
    if not (community.is_member(user, place.pk) or community.is_network_admin(user)):
        raise NotAllowed()
    return place


def _detail(proposal: Proposal) -> dict[str, Any]:
    return {
        **ProposalOut.from_orm(proposal).dict(),
        "options": list(proposal.options.all()),
        "changes": list(proposal.changes.all()),
        "position_count": proposal.positions.count(),
    }


@router.get("/places/{slug}/bodies", response={200: list[GovernanceBodyOut], **READ_ERRORS})
def list_bodies(request: AuthedApiRequest, slug: Slug) -> QuerySet[Body]:
    """The bodies that decide in the place (its members)."""
    return selectors.bodies_of_place(_place_member(request.auth, slug))


@router.get("/places/{slug}/decisions", response={200: list[ProposalOut], **READ_ERRORS})
@paginate(Pagination)
def list_decisions(request: AuthedApiRequest, slug: Slug, q: str = "") -> QuerySet[Proposal]:
    """The register of decisions of the place's bodies, newest first, searched with `q`."""
    return selectors.decisions_register(_place_member(request.auth, slug), query=q[:100])


@router.get("/bodies/{body_id}/proposals", response={200: list[ProposalOut], **READ_ERRORS})
@paginate(Pagination)
def list_proposals(request: AuthedApiRequest, body_id: int) -> QuerySet[Proposal]:
    """The proposals put to a body, latest closing first."""
    return Proposal.objects.filter(body=_visible_body(request.auth, body_id))


@router.post("/bodies/{body_id}/proposals", response={201: ProposalDetailOut, **WRITE_ERRORS})
def create_proposal(request: AuthedApiRequest, body_id: int, payload: ProposalIn) -> Status:
    """A member puts a proposal to their body; the changes it carries are checked now (an
    invalid value is a 422 now, never a failure when it applies)."""
    body = _visible_body(request.auth, body_id)
    proposal = services.proposal_create(
        body=body,
        by=request.auth,
        question=payload.question,
        context=payload.context,
        process=payload.process,
        method=payload.method,
        closes_at=payload.closes_at,
        options=payload.options,
        changes=[change.model_dump() for change in payload.changes],
    )
    return Status(201, _detail(proposal))


@router.get("/proposals/{proposal_id}", response={200: ProposalDetailOut, **READ_ERRORS})
def get_proposal(request: AuthedApiRequest, proposal_id: int) -> dict[str, Any]:
    """A proposal with its options, the changes it carries and how many took a position."""
    return _detail(_visible_proposal(request.auth, proposal_id))


@router.get("/proposals/{proposal_id}/positions", response={200: list[PositionOut], **READ_ERRORS})
@paginate(Pagination)
def list_positions(request: AuthedApiRequest, proposal_id: int) -> QuerySet[Position]:
    """Each member's position (one each, the latest)."""
    return Position.objects.filter(proposal=_visible_proposal(request.auth, proposal_id))


@router.put("/proposals/{proposal_id}/position", response={200: PositionOut, **WRITE_ERRORS})
def take_position(request: AuthedApiRequest, proposal_id: int, payload: PositionIn) -> Position:
    """One's position, changed until closing (a second call replaces the first); the
    body's members only; 409 once closed."""
    proposal = _visible_proposal(request.auth, proposal_id)
    return services.position_take(
        proposal=proposal,
        by=request.auth,
        stance=payload.stance,
        reason=payload.reason,
        choices=payload.choices,
    )


@router.post(
    "/proposals/{proposal_id}/positions/{position_id}/answer",
    response={200: PositionOut, **WRITE_ERRORS},
)
def answer_objection(
    request: AuthedApiRequest, proposal_id: int, position_id: int, payload: ProposalTextIn
) -> Position:
    """The author answers an objection: a consent passes once each has its answer."""
    proposal = _visible_proposal(request.auth, proposal_id)
    if not permissions.can_lead_proposal(request.auth, proposal):
        raise NotAllowed()
    position = Position.objects.get(proposal=proposal, pk=position_id)
    return services.objection_answer(position=position, by=request.auth, answer=payload.text)


@router.post("/proposals/{proposal_id}/close", response={200: ProposalOut, **WRITE_ERRORS})
def close_proposal(request: AuthedApiRequest, proposal_id: int) -> Proposal:
    """Close and count now (its author, the body's managers); adopted changes whose date
    has come apply at once."""
    proposal = _visible_proposal(request.auth, proposal_id)
    if not permissions.can_lead_proposal(request.auth, proposal):
        raise NotAllowed()
    return services.proposal_close(proposal=proposal, by=request.auth)


@router.post("/proposals/{proposal_id}/decide", response={200: ProposalOut, **WRITE_ERRORS})
def decide_proposal(
    request: AuthedApiRequest, proposal_id: int, payload: ProposalDecideIn
) -> Proposal:
    """Advice: its author decides once it is closed."""
    proposal = _visible_proposal(request.auth, proposal_id)
    if request.auth.pk != proposal.author_id:
        raise NotAllowed()
    return services.proposal_decide(proposal=proposal, by=request.auth, adopted=payload.adopted)


@router.post("/proposals/{proposal_id}/publish", response={200: ProposalOut, **WRITE_ERRORS})
def publish_outcome(
    request: AuthedApiRequest, proposal_id: int, payload: ProposalTextIn
) -> Proposal:
    """The outcome written and published in the register."""
    proposal = _visible_proposal(request.auth, proposal_id)
    if not permissions.can_lead_proposal(request.auth, proposal):
        raise NotAllowed()
    return services.proposal_publish(proposal=proposal, by=request.auth, text=payload.text)


@router.get("/bodies/{body_id}/meetings", response={200: list[MeetingOut], **READ_ERRORS})
@paginate(Pagination)
def list_meetings(request: AuthedApiRequest, body_id: int) -> QuerySet[Meeting]:
    """A body's meetings, latest first."""
    return Meeting.objects.filter(body=_visible_body(request.auth, body_id))


@router.post("/bodies/{body_id}/meetings", response={201: MeetingOut, **WRITE_ERRORS})
def create_meeting(request: AuthedApiRequest, body_id: int, payload: MeetingIn) -> Status:
    """Schedule a meeting (the body's managers)."""
    body = _visible_body(request.auth, body_id)
    if not permissions.can_manage_body(request.auth, body):
        raise NotAllowed()
    meeting = meeting_services.meeting_create(body=body, by=request.auth, **payload.model_dump())
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **READ_ERRORS})
def get_meeting(request: AuthedApiRequest, meeting_id: int) -> Meeting:
    return _visible_meeting(request.auth, meeting_id)


@router.get("/meetings/{meeting_id}/quorum", response={200: MeetingQuorumOut, **READ_ERRORS})
def get_quorum(request: AuthedApiRequest, meeting_id: int) -> dict[str, Any]:
    """Present and represented members against the body's quorum."""
    return meeting_services.meeting_quorum(_visible_meeting(request.auth, meeting_id))


def _managed_meeting(user: Any, meeting_id: int) -> Meeting:
    meeting = _visible_meeting(user, meeting_id)
    if not permissions.can_manage_body(user, meeting.body):
        raise NotAllowed()
    return meeting


@router.post("/meetings/{meeting_id}/convene", response={200: MeetingOut, **WRITE_ERRORS})
def convene_meeting(request: AuthedApiRequest, meeting_id: int) -> Meeting:
    """Email the convocation and the order of the day to each member."""
    meeting = _managed_meeting(request.auth, meeting_id)
    meeting_services.meeting_convene(meeting=meeting, by=request.auth)
    return meeting


@router.post("/meetings/{meeting_id}/attendances", response={200: MeetingQuorumOut, **WRITE_ERRORS})
def record_attendance(
    request: AuthedApiRequest, meeting_id: int, payload: MeetingAttendanceIn
) -> dict[str, Any]:
    """A member present, or represented by a present member's proxy (within the body's
    limit: 409 beyond it); answers the quorum as it now stands."""
    meeting = _managed_meeting(request.auth, meeting_id)
    wanted = [payload.person_id, payload.proxy_holder_id or 0]
    people = {p.pk: p for p in Person.objects.filter(pk__in=wanted)}
    if payload.person_id not in people:
        raise InvalidInput(field="person_id")
    holder = None
    if payload.proxy_holder_id is not None:
        holder = people.get(payload.proxy_holder_id)
        if holder is None:
            raise InvalidInput(field="proxy_holder_id")
    meeting_services.attendance_record(
        meeting=meeting, person=people[payload.person_id], proxy_holder=holder, by=request.auth
    )
    return meeting_services.meeting_quorum(meeting)


@router.put("/meetings/{meeting_id}/minutes", response={200: MeetingOut, **WRITE_ERRORS})
def publish_minutes(
    request: AuthedApiRequest, meeting_id: int, payload: MeetingMinutesIn
) -> Meeting:
    """The minutes in Markdown, published."""
    meeting = _managed_meeting(request.auth, meeting_id)
    return meeting_services.minutes_publish(
        meeting=meeting, by=request.auth, minutes=payload.minutes
    )
