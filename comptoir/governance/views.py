"""The governance pages of a place or a network: its bodies and proposals, a proposal with
its positions, the register of decisions, the meetings. The same views serve both, the
network's under /reseaux/<slug>/ (`scope`). Who may see and do what is `permissions`'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.community.models import Person
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.governance import permissions, selectors
from comptoir.governance.exceptions import NotDecidedByAdvice
from comptoir.governance.forms import (
    NO_CHANGE,
    AttendanceForm,
    DecideForm,
    MeetingForm,
    MinutesForm,
    PositionForm,
    ProposalForm,
    TextForm,
)
from comptoir.governance.models import Body, Meeting, Method, Position, Proposal
from comptoir.governance.processes import PROCESSES
from comptoir.governance.services import meetings as meeting_services
from comptoir.governance.services import proposals as services
from comptoir.governance.signals import minutes_link
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Network, Place

PLACE, NETWORK = "place", "network"

INVALID = 422
PAGE_SIZE = 25
# The pages of each URL name, as the templates ask for them (`scope.urls.proposal`).
URL_NAMES = (
    "home", "register", "proposal-create", "meeting-create", "proposal", "position",
    "objection-answer", "proposal-close", "proposal-decide", "proposal-publish", "meeting",
    "meeting-convene", "attendance", "minutes",
)  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """Whose governance a page shows: a place's bodies, or a network's (the same pages
    under /reseaux/<slug>/, the same rules)."""

    place: Place | None = None
    network: Network | None = None

    @property
    def owner(self) -> Place | Network:
        return self.place or self.network  # type: ignore[return-value]

    @property
    def slug(self) -> str:
        return self.owner.slug

    @property
    def name(self) -> str:
        return self.owner.name

    @property
    def is_network(self) -> bool:
        return self.place is None

    @property
    def urls(self) -> dict[str, str]:
        prefix = "governance:network-" if self.is_network else "governance:"
        names = {name: f"{prefix}{name}" for name in URL_NAMES}
        if not self.is_network:
            names["home"] = "governance:place"
        return {name.replace("-", "_"): full for name, full in names.items()}

    def of_body(self, lookup: str = "body") -> dict[str, Any]:
        """The filter of what belongs to a body of this place or network."""
        key = "network" if self.is_network else "place"
        return {f"{lookup}__{key}" if lookup else key: self.owner}

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.place.timezone if self.place else settings.TIME_ZONE)

    def redirect(self, name: str, *args: Any) -> HttpResponse:
        return redirect(self.urls[name.replace("-", "_")], self.slug, *args)


def _scope(slug: str, scope: str) -> Scope:
    try:
        if scope == NETWORK:
            return Scope(network=place_selectors.network_get(slug=slug))
        return Scope(place=place_selectors.place_get(slug=slug))
    except (Place.DoesNotExist, Network.DoesNotExist) as missing:
        raise Http404 from missing


def _body(request: Any, scope: Scope, pk: int) -> Body:
    body = Body.objects.filter(pk=pk, **scope.of_body("")).first()
    if body is None:
        raise Http404
    selectors.member_ids(body)
    if not permissions.can_view_body(request.user, body):
        raise PermissionDenied
    return body


def _proposal(request: Any, scope: Scope, pk: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related("body", "author", "winner", "meeting")
        .filter(pk=pk, **scope.of_body())
        .first()
    )
    if proposal is None:
        raise Http404
    selectors.member_ids(proposal.body)
    if not permissions.can_view_body(request.user, proposal.body):
        raise PermissionDenied
    return proposal


def _can_see(request: Any, scope: Scope) -> None:
    if not permissions.can_view_governance(request.user, place=scope.place):
        raise PermissionDenied


@login_required
@require_GET
def place_governance(request: AuthedRequest, slug: str, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    _can_see(request, where)
    context = {
        "scope": where,
        "bodies": list(selectors.bodies_of(where.owner)),
        "open_proposals": list(selectors.proposals_of(where.owner, status="open")[:50]),
        "meetings": list(selectors.meetings_of(where.owner)[:20]),
        "network": where.network or (where.place.network if where.place else None),
    }
    return render(request, "governance/place.html", context)


@login_required
@require_GET
def register(request: AuthedRequest, slug: str, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    _can_see(request, where)
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.decisions_register(where.owner, query=query), PAGE_SIZE)
    return render(
        request,
        "governance/register.html",
        {"scope": where, "query": query, "page": page.get_page(request.GET.get("page"))},
    )


def _targets(where: Scope) -> list[tuple[str, str]]:
    return selectors.change_targets(where.place) if where.place else []


def _change_spec(form: ProposalForm) -> list[dict[str, Any]]:
    data = form.cleaned_data
    kind = data["change_kind"]
    if kind == NO_CHANGE:
        return []
    target = data["change_target"].partition(":")[2]
    raw = data["change_value"].strip()
    value: Any = raw
    if kind == "plan_price":
        value = selectors.euros_to_cents(raw)
    elif kind == "booking_rule":
        value = {"rule": data["change_rule"], "value": raw}
    elif kind == "role":
        person = Person.objects.filter(email__iexact=raw).first()
        value = {"person": person.pk if person else 0, "role": data["change_role"]}
    return [
        {"kind": kind, "target": target or 0, "value": value, "effective_on": data["effective_on"]}
    ]


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    body = _body(request, where, pk)
    if not permissions.can_take_part(request.user, body):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, tz=where.tz, targets=_targets(where))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                body=body,
                by=request.user,
                question=form.cleaned_data["question"],
                context=form.cleaned_data["context"],
                process=form.cleaned_data["process"],
                method=form.cleaned_data["method"],
                closes_at=form.cleaned_data["closes_at"],
                options=form.option_labels(),
                changes=_change_spec(form),
            )
        except DomainError as error:
            field = {"value": "change_value", "target": "change_target", "kind": "change_kind"}
            error.field = field.get(error.field or "", error.field)
            add_domain_error(form, error)
        else:
            messages.success(request, _("Proposal put to %(body)s.") % {"body": body.name})
            return where.redirect("proposal", proposal.pk)
    status = INVALID if request.method == "POST" else 200
    return render(
        request,
        "governance/proposal_form.html",
        {"scope": where, "body": body, "form": form},
        status=status,
    )


def _position_form(proposal: Proposal, data: Any = None) -> PositionForm:
    options = [(o.pk, o.label) for o in proposal.options.all()]
    return PositionForm(
        data,
        options=options,
        stances=sorted(PROCESSES[proposal.process].stances),
        prefix="position",
    )


@login_required
@require_GET
def proposal_detail(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    proposal = _proposal(request, where, pk)
    return render(request, "governance/proposal.html", _proposal_context(request, where, proposal))


def _proposal_context(
    request: Any, where: Scope, proposal: Proposal, form: PositionForm | None = None
) -> dict[str, Any]:
    positions = list(
        Position.objects.filter(proposal=proposal)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    mine = next((p for p in positions if p.person_id == request.user.pk), None)
    initial = (
        {"stance": mine.stance, "reason": mine.reason, "choices": mine.choices} if mine else {}
    )
    if form is None:
        form = _position_form(proposal)
        form.initial = initial
    is_open = proposal.status == Proposal.Status.OPEN
    leads = permissions.can_lead_proposal(request.user, proposal)
    return {
        "scope": where,
        "proposal": proposal,
        "body": proposal.body,
        "options": list(proposal.options.all()),
        "changes": list(proposal.changes.all()),
        "positions": positions,
        "counts": selectors.stance_counts(positions),
        "mine": mine,
        "form": form
        if is_open and permissions.can_take_part(request.user, proposal.body)
        else None,
        "ranked": proposal.method == Method.RANKED,
        "leads": leads,
        "is_open": is_open,
        "answer_form": TextForm(prefix="answer") if leads and is_open else None,
        "decide_form": DecideForm()
        if permissions.awaits_author_decision(request.user, proposal)
        else None,
        "publish_form": TextForm(initial={"text": proposal.outcome_text}, prefix="publish")
        if leads and permissions.has_outcome_to_publish(proposal)
        else None,
    }


@login_required
@require_POST
def position_take(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    proposal = _proposal(request, where, pk)
    form = _position_form(proposal, request.POST)
    if form.is_valid():
        choices = form.cleaned_data.get("choices") or []
        if proposal.method == Method.RANKED:
            choices = selectors.ranked_choices(request.POST, proposal)
        try:
            services.position_take(
                proposal=proposal,
                by=request.user,
                stance=form.cleaned_data["stance"],
                reason=form.cleaned_data["reason"],
                choices=choices,
            )
        except DomainError as error:
            if error.status == 403:
                raise PermissionDenied from error
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your position is recorded; you may change it until closing.")
            )
            return where.redirect("proposal", pk)
    context = _proposal_context(request, where, proposal, form=form)
    return render(request, "governance/proposal.html", context, status=INVALID)


def _lead_action(
    request: AuthedRequest, slug: str, pk: int, scope: str, action: Any
) -> HttpResponse:
    where = _scope(slug, scope)
    proposal = _proposal(request, where, pk)
    try:
        action(proposal)
    except DomainError as error:
        if error.status == 403:
            raise PermissionDenied from error
        messages.error(request, error.message)
        context = _proposal_context(request, where, proposal)
        return render(request, "governance/proposal.html", context, status=error.status)
    return where.redirect("proposal", pk)


@login_required
@require_POST
def objection_answer(
    request: AuthedRequest, slug: str, pk: int, position_pk: int, scope: str = PLACE
) -> HttpResponse:
    form = TextForm(request.POST, prefix="answer")

    def act(proposal: Proposal) -> None:
        if not permissions.can_lead_proposal(request.user, proposal):
            raise PermissionDenied
        position = Position.objects.filter(proposal=proposal, pk=position_pk).first()
        if position is None:
            raise Http404
        text = form.cleaned_data["text"] if form.is_valid() else ""
        services.objection_answer(position=position, by=request.user, answer=text)
        messages.success(request, _("Objection answered."))

    return _lead_action(request, slug, pk, scope, act)


@login_required
@require_POST
def proposal_close(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    def act(proposal: Proposal) -> None:
        closed = services.proposal_close(proposal=proposal, by=request.user)
        messages.success(
            request, _("Closed: %(outcome)s.") % {"outcome": closed.get_outcome_display()}
        )

    return _lead_action(request, slug, pk, scope, act)


@login_required
@require_POST
def proposal_decide(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    form = DecideForm(request.POST)

    def act(proposal: Proposal) -> None:
        if request.user.pk != proposal.author_id:
            raise PermissionDenied
        adopted = form.cleaned_data["adopted"] if form.is_valid() else None
        if adopted is None:
            raise NotDecidedByAdvice()
        services.proposal_decide(proposal=proposal, by=request.user, adopted=adopted)

    return _lead_action(request, slug, pk, scope, act)


@login_required
@require_POST
def proposal_publish(
    request: AuthedRequest, slug: str, pk: int, scope: str = PLACE
) -> HttpResponse:
    form = TextForm(request.POST, prefix="publish")

    def act(proposal: Proposal) -> None:
        if not permissions.can_lead_proposal(request.user, proposal):
            raise PermissionDenied
        text = form.cleaned_data["text"] if form.is_valid() else ""
        services.proposal_publish(proposal=proposal, by=request.user, text=text)
        messages.success(request, _("The decision is published in the register."))

    return _lead_action(request, slug, pk, scope, act)


# --- Meetings ---------------------------------------------------------------------------


def _meeting(request: Any, where: Scope, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("body").filter(pk=pk, **where.of_body()).first()
    if meeting is None:
        raise Http404
    selectors.member_ids(meeting.body)
    if not permissions.can_view_body(request.user, meeting.body):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    body = _body(request, where, pk)
    if not permissions.can_manage_body(request.user, body):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, tz=where.tz)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_create(
                body=body, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return where.redirect("meeting", meeting.pk)
    status = INVALID if request.method == "POST" else 200
    context = {"scope": where, "body": body, "form": form}
    return render(request, "governance/meeting_form.html", context, status=status)


def _members(body: Body) -> list[tuple[int, str]]:
    people = Person.objects.filter(pk__in=selectors.member_ids(body)).order_by(
        "first_name", "last_name", "pk"
    )  # type: ignore[attr-defined]
    return [(p.pk, str(p)) for p in people]


def _meeting_context(request: Any, where: Scope, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    manages = permissions.can_manage_body(request.user, meeting.body)
    members = _members(meeting.body) if manages else []
    return {
        "scope": where,
        "meeting": meeting,
        "body": meeting.body,
        "manages": manages,
        "attendances": list(
            meeting.attendances.select_related("person", "proxy_holder").order_by("pk")
        ),
        "quorum": meeting_services.meeting_quorum(meeting),
        "proposals": list(meeting.proposals.order_by("pk")),
        "minutes_page_url": minutes_link(meeting) if meeting.minutes_published_at else None,
        "attendance_form": forms.get("attendance_form")
        or (AttendanceForm(members=members) if manages else None),
        "minutes_form": forms.get("minutes_form")
        or (MinutesForm(initial={"minutes": meeting.minutes}) if manages else None),
    }


@login_required
@require_GET
def meeting_detail(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where = _scope(slug, scope)
    meeting = _meeting(request, where, pk)
    return render(request, "governance/meeting.html", _meeting_context(request, where, meeting))


def _manage_meeting(
    request: AuthedRequest, slug: str, pk: int, scope: str
) -> tuple[Scope, Meeting]:
    where = _scope(slug, scope)
    meeting = _meeting(request, where, pk)
    if not permissions.can_manage_body(request.user, meeting.body):
        raise PermissionDenied
    return where, meeting


@login_required
@require_POST
def meeting_convene(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where, meeting = _manage_meeting(request, slug, pk, scope)
    sent = meeting_services.meeting_convene(meeting=meeting, by=request.user)
    messages.success(request, _("Convocation sent to %(count)s members.") % {"count": sent})
    return where.redirect("meeting", pk)


@login_required
@require_POST
def attendance_record(
    request: AuthedRequest, slug: str, pk: int, scope: str = PLACE
) -> HttpResponse:
    where, meeting = _manage_meeting(request, slug, pk, scope)
    form = AttendanceForm(request.POST, members=_members(meeting.body))
    if form.is_valid():
        people = {
            p.pk: p
            for p in Person.objects.filter(
                pk__in=[form.cleaned_data["person"], form.cleaned_data["proxy_holder"] or 0]
            )
        }
        try:
            meeting_services.attendance_record(
                meeting=meeting,
                person=people[form.cleaned_data["person"]],
                proxy_holder=people.get(form.cleaned_data["proxy_holder"] or 0),
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return where.redirect("meeting", pk)
    context = _meeting_context(request, where, meeting, attendance_form=form)
    return render(request, "governance/meeting.html", context, status=INVALID)


@login_required
@require_POST
def minutes_publish(request: AuthedRequest, slug: str, pk: int, scope: str = PLACE) -> HttpResponse:
    where, meeting = _manage_meeting(request, slug, pk, scope)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            meeting_services.minutes_publish(
                meeting=meeting, by=request.user, minutes=form.cleaned_data["minutes"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Minutes published in the documentation."))
            return where.redirect("meeting", pk)
    context = _meeting_context(request, where, meeting, minutes_form=form)
    return render(request, "governance/meeting.html", context, status=INVALID)
