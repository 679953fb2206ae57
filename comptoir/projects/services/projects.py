"""Projects, their members, journal and needs: one transaction each, audited.

Anyone holding a role in a place starts a project (and becomes its porteur); its porteurs and
its places' concierges edit it. Membership writes lock the project row, so two porteurs
stepping down at once cannot leave the project without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.community import permissions
from comptoir.community.exceptions import InvalidSkills
from comptoir.community.models import Person, Skill
from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed
from comptoir.core.licences import Licence
from comptoir.core.services import audit_record
from comptoir.core.types import Actor, Viewer
from comptoir.places.models import Place
from comptoir.projects import notifications
from comptoir.projects.audit import Verb
from comptoir.projects.models import JournalEntry, Need, NeedAnswer, Project, ProjectMember
from comptoir.projects.signals import need_posted

MAX_DESCRIPTION = 20_000
MAX_JOURNAL = 10_000
MAX_MESSAGE = 2_000
# Addresses of the project pages that a slug must not take (/projets/nouveau/).
RESERVED_SLUGS = frozenset({"nouveau"})


# --- Refusals -------------------------------------------------------------------------------


class LastLead(Conflict):
    code = "last_lead"
    default_message = gettext_lazy("A project keeps at least one project lead (porteur).")


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = gettext_lazy("This person is already a member of the project.")


class NeedNotOpen(Conflict):
    code = "need_not_open"
    default_message = gettext_lazy("This need is no longer open.")


class AlreadyAnswered(Conflict):
    code = "already_answered"
    default_message = gettext_lazy("You have already offered your help for this need.")


class PlaceNotAllowed(InvalidInput):
    code = "place_not_allowed"
    default_message = gettext_lazy("You can only add places where you hold a role.")


# --- Checks ---------------------------------------------------------------------------------


def _text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("At most %(max)d characters (%(count)d given).")
            % {"max": max_length, "count": len(value)},
            field=field,
        )
    return value


def _choice(value: str, choices: Iterable[str], *, field: str) -> str:
    if value not in set(choices):
        raise InvalidInput(_("Choose a value from the list."), field=field)
    return value


_url = URLValidator(schemes=["http", "https"])


def _link(value: str, *, field: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        _url(value)
    except ValidationError as error:
        raise InvalidInput(
            _("Enter a web address starting with https:// or http://."), field=field
        ) from error
    if len(value) > 200:
        raise InvalidInput(_("This address is too long."), field=field)
    return value


def _places(by: Actor, places: Iterable[Place], keep: Iterable[int] = ()) -> list[Place]:
    """The project's places: at least one; a new one only where `by` holds a role."""
    chosen = {place.pk: place for place in places}
    if not chosen:
        raise InvalidInput(_("Choose at least one place."), field="places")
    kept = set(keep)
    if not permissions.is_network_admin(by):
        mine = set(permissions.roles_by_place(by))
        if any(pk not in mine and pk not in kept for pk in chosen):
            raise PlaceNotAllowed(field="places")
    return list(chosen.values())


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80].strip("-") or "projet"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _audit_place(project: Project) -> Place | None:
    return project.places.order_by("pk").first()


def _can_edit(by: Actor, project: Project) -> None:
    if not permissions.can_edit_project(by, project):
        raise NotAllowed()


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


# --- Projects -------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    by: Actor,
    title: str,
    places: Iterable[Place],
    summary: str = "",
    description: str = "",
    status: str = Project.Status.IDEA,
    licence: str = Licence.UNDECIDED,
    code_url: str = "",
    site_url: str = "",
) -> Project:
    """Start a project in some of the creator's places; the creator becomes its porteur."""
    if not permissions.can_create_project(by):
        raise NotAllowed()
    project = Project(
        title=_text(title, field="title", max_length=160, required=True),
        summary=_text(summary, field="summary", max_length=300),
        description=_text(description, field="description", max_length=MAX_DESCRIPTION),
        status=_choice(status, Project.Status.values, field="status"),
        licence=_choice(licence or "", Licence.values, field="licence"),
        code_url=_link(code_url, field="code_url"),
        site_url=_link(site_url, field="site_url"),
        created_by=by,
    )
    chosen = _places(by, places)
    for _attempt in range(3):
        project.slug = _unique_slug(project.title)
        try:
            with transaction.atomic():
                project.save()
            break
        except IntegrityError:  # someone took the same slug in between
            project.pk = None
    else:
        raise Conflict()
    project.places.set(chosen)
    ProjectMember.objects.create(project=project, person=by, role=ProjectMember.Role.LEAD)
    audit_record(actor=by, verb=Verb.PROJECT_CREATED, target=project, place=_audit_place(project))
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: Actor,
    title: str | None = None,
    summary: str | None = None,
    description: str | None = None,
    status: str | None = None,
    licence: str | None = None,
    code_url: str | None = None,
    site_url: str | None = None,
    places: Iterable[Place] | None = None,
) -> Project:
    """Change a project; a field left at None keeps its value. The slug (its address) stays."""
    project = _lock(project)
    _can_edit(by, project)
    changed: list[str] = []
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = _text(title, field="title", max_length=160, required=True)
    if summary is not None:
        values["summary"] = _text(summary, field="summary", max_length=300)
    if description is not None:
        values["description"] = _text(description, field="description", max_length=MAX_DESCRIPTION)
    if status is not None:
        values["status"] = _choice(status, Project.Status.values, field="status")
    if licence is not None:
        values["licence"] = _choice(licence, Licence.values, field="licence")
    if code_url is not None:
        values["code_url"] = _link(code_url, field="code_url")
    if site_url is not None:
        values["site_url"] = _link(site_url, field="site_url")
    new_places = None
    if places is not None:
        current = set(project.places.values_list("pk", flat=True))
        new_places = _places(by, places, keep=current)
        if {p.pk for p in new_places} != current:
            changed.append("places")
    for name, value in values.items():
        if getattr(project, name) != value:
            setattr(project, name, value)
            changed.append(name)
    project.save()
    if new_places is not None and "places" in changed:
        project.places.set(new_places)
    audit_record(
        actor=by,
        verb=Verb.PROJECT_UPDATED,
        target=project,
        place=_audit_place(project),
        data={"changed": changed},
    )
    return project


# --- Members --------------------------------------------------------------------------------


def _leads_left(project: Project, without: ProjectMember) -> bool:
    return project.members.filter(role=ProjectMember.Role.LEAD).exclude(pk=without.pk).exists()


@transaction.atomic
def member_add(*, project: Project, person: Person, role: str, by: Actor) -> ProjectMember:
    project = _lock(project)
    _can_edit(by, project)
    role = _choice(role, ProjectMember.Role.values, field="role")
    if not person.is_active:
        raise InvalidInput(_("This account is not active."), field="person")
    if project.members.filter(person=person).exists():
        raise AlreadyMember(field="person")
    member = ProjectMember.objects.create(project=project, person=person, role=role)
    audit_record(
        actor=by,
        verb=Verb.MEMBER_ADDED,
        target=member,
        place=_audit_place(project),
        data={"project": project.slug, "person": person.pk, "role": role},
    )
    return member


@transaction.atomic
def member_role_set(*, member: ProjectMember, role: str, by: Actor) -> ProjectMember:
    project = _lock(member.project)
    _can_edit(by, project)
    member = ProjectMember.objects.get(pk=member.pk)
    role = _choice(role, ProjectMember.Role.values, field="role")
    if (
        member.role == ProjectMember.Role.LEAD
        and role != ProjectMember.Role.LEAD
        and not _leads_left(project, member)
    ):
        raise LastLead(field="role")
    previous, member.role = member.role, role
    member.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.MEMBER_ROLE_SET,
        target=member,
        place=_audit_place(project),
        data={"project": project.slug, "from": previous, "to": role},
    )
    return member


@transaction.atomic
def member_remove(*, member: ProjectMember, by: Actor) -> None:
    """Take someone off a project (editors), or leave it oneself."""
    project = _lock(member.project)
    member = ProjectMember.objects.get(pk=member.pk)
    leaving = by.pk == member.person_id
    if not leaving:
        _can_edit(by, project)
    if member.role == ProjectMember.Role.LEAD and not _leads_left(project, member):
        raise LastLead()
    audit_record(
        actor=by,
        verb=Verb.MEMBER_REMOVED,
        target=member,
        place=_audit_place(project),
        data={"project": project.slug, "person": member.person_id, "role": member.role},
    )
    member.delete()


# --- Journal --------------------------------------------------------------------------------


@transaction.atomic
def journal_add(*, project: Project, by: Actor, text: str) -> JournalEntry:
    """A dated update, written by a member of the project or one of its editors."""
    if not (
        permissions.is_project_member(by, project) or permissions.can_edit_project(by, project)
    ):
        raise NotAllowed()
    entry = JournalEntry.objects.create(
        project=project,
        author=by,
        text=_text(text, field="text", max_length=MAX_JOURNAL, required=True),
    )
    Project.objects.filter(pk=project.pk).update(updated_at=entry.created_at)
    audit_record(
        actor=by,
        verb=Verb.JOURNAL_ENTRY_CREATED,
        target=entry,
        place=_audit_place(project),
        data={"project": project.slug},
    )
    return entry


# --- Needs ----------------------------------------------------------------------------------


def _skill(kind: str, skill: Skill | None, skill_name: str) -> Skill | None:
    if skill is None and skill_name.strip():
        from comptoir.community.services import skill_get_or_create

        try:
            skill = skill_get_or_create(name=skill_name)
        except InvalidSkills as error:
            raise InvalidInput(error.message, field="skill") from error
    if kind == Need.Kind.SKILL and skill is None:
        raise InvalidInput(_("Say which skill is needed."), field="skill")
    return skill


@transaction.atomic
def need_create(
    *,
    project: Project,
    by: Actor,
    kind: str,
    title: str,
    description: str = "",
    skill: Skill | None = None,
    skill_name: str = "",
) -> Need:
    """Ask the community for something; a skill (given or named) is matched with the
    directory. A named skill that nobody has yet is added to the list of skills."""
    _can_edit(by, project)
    kind = _choice(kind, Need.Kind.values, field="kind")
    need = Need.objects.create(
        project=project,
        kind=kind,
        title=_text(title, field="title", max_length=160, required=True),
        description=_text(description, field="description", max_length=MAX_DESCRIPTION),
        skill=_skill(kind, skill, skill_name),
        created_by=by,
    )
    audit_record(
        actor=by,
        verb=Verb.NEED_CREATED,
        target=need,
        place=_audit_place(project),
        data={"project": project.slug, "kind": kind},
    )
    need_posted.send(sender=Need, need=need)
    return need


@transaction.atomic
def need_update(
    *,
    need: Need,
    by: Actor,
    kind: str | None = None,
    title: str | None = None,
    description: str | None = None,
    skill: Skill | None = None,
    skill_name: str | None = None,
    status: str | None = None,
) -> Need:
    """Change a need; None keeps a value (skill_name="" with kind not "skill" drops the skill)."""
    need = Need.objects.select_for_update().select_related("project").get(pk=need.pk)
    _can_edit(by, need.project)
    if kind is not None:
        need.kind = _choice(kind, Need.Kind.values, field="kind")
    if title is not None:
        need.title = _text(title, field="title", max_length=160, required=True)
    if description is not None:
        need.description = _text(description, field="description", max_length=MAX_DESCRIPTION)
    if status is not None:
        need.status = _choice(status, Need.Status.values, field="status")
    if skill is not None or skill_name is not None:
        need.skill = _skill(need.kind, skill, skill_name or "")
    elif need.kind == Need.Kind.SKILL and need.skill_id is None:
        raise InvalidInput(_("Say which skill is needed."), field="skill")
    need.save()
    audit_record(
        actor=by,
        verb=Verb.NEED_UPDATED,
        target=need,
        place=_audit_place(need.project),
        data={"project": need.project.slug, "status": need.status},
    )
    return need


@transaction.atomic
def need_close(*, need: Need, by: Actor, met: bool = True) -> Need:
    """Close a need: met (someone answered it) or simply closed."""
    need = Need.objects.select_for_update().select_related("project").get(pk=need.pk)
    _can_edit(by, need.project)
    if need.status != Need.Status.OPEN:
        raise NeedNotOpen()
    need.status = Need.Status.MET if met else Need.Status.CLOSED
    need.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        verb=Verb.NEED_CLOSED,
        target=need,
        place=_audit_place(need.project),
        data={"project": need.project.slug, "status": need.status},
    )
    return need


@transaction.atomic
def need_answer(*, need: Need, by: Viewer, message: str = "") -> NeedAnswer:
    """ "Je peux aider": anyone logged in offers to meet an open need, once."""
    if not by.is_authenticated:
        raise NotAllowed()
    # The need's row lock serialises answers with its closing and with each other.
    need = Need.objects.select_for_update().select_related("project").get(pk=need.pk)
    if need.status != Need.Status.OPEN:
        raise NeedNotOpen()
    message = _text(message, field="message", max_length=MAX_MESSAGE)
    if NeedAnswer.objects.filter(need=need, person=by).exists():
        raise AlreadyAnswered()
    try:
        with transaction.atomic():
            answer = NeedAnswer.objects.create(need=need, person=by, message=message)
    except IntegrityError as error:
        raise AlreadyAnswered() from error
    audit_record(
        actor=by,
        verb=Verb.NEED_ANSWERED,
        target=answer,
        place=_audit_place(need.project),
        data={"project": need.project.slug, "need": need.pk},
    )
    # The emails leave when this transaction commits, never for an offer rolled back.
    notifications.notify_need_answered(answer)
    return answer
