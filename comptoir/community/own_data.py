"""The community's part of a person's data (see `personal_data`): the profile, email
addresses, roles, affiliations, skills, API tokens and the audit events they did."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.community.audit import Verb
from comptoir.community.models import (
    Affiliation,
    ApiToken,
    Person,
    PersonSkill,
    PlaceRole,
    ProfileType,
    Visibility,
)
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.core.audit import verb_label
from comptoir.core.models import AuditEvent

PROFILE_TYPES = dict(ProfileType.choices)
VISIBILITIES = dict(Visibility.choices)


def _profile(person: Person) -> list[Row]:
    return [
        {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "pronouns": person.pronouns,
            "bio": person.bio,
            "phone": person.phone,
            "profile_types": [str(PROFILE_TYPES.get(k, k)) for k in person.profile_types or []],
            "directory_visibility": str(VISIBILITIES.get(person.directory_visibility, "")),
            "show_email": person.show_email,
            "show_presence": person.show_presence,
            "preferred_language": person.preferred_language,
            "date_joined": cell(person.date_joined),
            "last_login": cell(person.last_login),
        }
    ]


def _email_addresses(person: Person) -> list[Row]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=person).order_by("pk")
    ]


def _roles(person: Person) -> list[Row]:
    roles = PlaceRole.objects.filter(person=person).select_related("place", "organization")
    return [
        {
            "place": role.place.name,
            "role": role.get_role_display(),
            "valid_from": cell(role.valid_from),
            "valid_until": cell(role.valid_until),
            "organization": role.organization.name if role.organization else "",
            "note": role.note,
        }
        for role in roles.order_by("valid_from", "pk")
    ]


def _affiliations(person: Person) -> list[Row]:
    return [
        {
            "organization": affiliation.organization.name,
            "title": affiliation.title,
            "is_manager": affiliation.is_manager,
            "since": cell(affiliation.created_at),
        }
        for affiliation in Affiliation.objects.filter(person=person).select_related("organization")
    ]


def _skills(person: Person) -> list[Row]:
    return [
        {"skill": ps.skill.name, "level": ps.get_level_display()}
        for ps in PersonSkill.objects.filter(person=person).select_related("skill")
    ]


def _tokens(person: Person) -> list[Row]:
    # The secret is never stored (only its hash), and the hash is not given either.
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": cell(token.created_at),
            "last_used_at": cell(token.last_used_at),
            "revoked_at": cell(token.revoked_at),
        }
        for token in ApiToken.objects.filter(person=person).order_by("created_at", "pk")
    ]


def _target(event: AuditEvent, person: Person) -> str:
    """What the event was about: its description when it is the person themself, else
    only its kind and number: a concierge's log names the people they served, and their
    export must not hand out those people's data (RGPD article 15(4))."""
    if event.target_type == Person._meta.label_lower and event.target_id == str(person.pk):
        return event.target_repr
    try:
        kind = str(apps.get_model(event.target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = event.target_type
    return f"{kind} #{event.target_id}" if event.target_id else kind


def _audit(person: Person) -> list[Row]:
    events = AuditEvent.objects.filter(actor=person).select_related("place")
    return [
        {
            "at": cell(event.created_at),
            "action": verb_label(event.verb),
            "target": _target(event, person),
            "place": event.place.name if event.place else "",  # type: ignore[attr-defined]
        }
        for event in events.order_by("created_at", "pk")
    ]


def erase(erasure: Erasure) -> None:
    person = erasure.person
    EmailAddress.objects.filter(user=person).delete()
    PersonSkill.objects.filter(person=person).delete()
    affiliations = Affiliation.objects.filter(person=person)
    erasure.scrub_audit(Affiliation, affiliations.values_list("pk", flat=True))
    affiliations.delete()
    _end_roles(erasure)
    ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=erasure.at)
    ApiToken.objects.filter(person=person).update(name="")
    erasure.scrub_audit(Person, [person.pk])
    # The skills they listed are kept in that audit row's data.
    AuditEvent.objects.filter(
        target_type=Person._meta.label_lower,
        target_id=str(person.pk),
        verb=Verb.PERSON_SKILLS_SET,
    ).update(data={})


def _end_roles(erasure: Erasure) -> None:
    """Roles end today (their history stays, for the place's counts); roles not yet begun
    are withdrawn."""
    today = erasure.at.date()
    roles = PlaceRole.objects.filter(person=erasure.person)
    erasure.scrub_audit(PlaceRole, roles.values_list("pk", flat=True))
    roles.filter(valid_from__gt=today).delete()
    roles.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=today)).update(valid_until=today)
    roles.update(note="")


PROVIDER = Provider(
    app="community",
    order=10,
    sections=(
        Section(
            "profile",
            _("Profile"),
            (
                ("email", _("email")),
                ("first_name", _("first name")),
                ("last_name", _("last name")),
                ("pronouns", _("pronouns")),
                ("bio", _("about me")),
                ("phone", _("phone")),
                ("profile_types", _("profile")),
                ("directory_visibility", _("directory visibility")),
                ("show_email", _("show my email to members")),
                ("show_presence", _("show other members when I am here")),
                ("preferred_language", _("language")),
                ("date_joined", _("Account created")),
                ("last_login", _("Last login")),
            ),
            _profile,
        ),
        Section(
            "email_addresses",
            _("Email addresses"),
            (("email", _("email")), ("verified", _("Verified")), ("primary", _("Primary"))),
            _email_addresses,
        ),
        Section(
            "roles",
            _("Roles in the places"),
            (
                ("place", _("place")),
                ("role", _("role")),
                ("valid_from", _("from")),
                ("valid_until", _("until")),
                ("organization", _("on behalf of")),
                ("note", _("note")),
            ),
            _roles,
        ),
        Section(
            "affiliations",
            _("Structures"),
            (
                ("organization", _("organization")),
                ("title", _("title")),
                ("is_manager", _("manager")),
                ("since", _("Since")),
            ),
            _affiliations,
        ),
        Section("skills", _("Skills"), (("skill", _("skill")), ("level", _("level"))), _skills),
        Section(
            "api_tokens",
            _("Personal API tokens"),
            (
                ("name", _("name")),
                ("prefix", _("Starts with")),
                ("created_at", _("Created")),
                ("last_used_at", _("Last used")),
                ("revoked_at", _("Revoked")),
            ),
            _tokens,
        ),
        Section(
            "audit_events",
            _("What I did (audit log)"),
            (
                ("at", _("time")),
                ("action", _("Action")),
                ("target", _("target")),
                ("place", _("place")),
            ),
            _audit,
        ),
    ),
    erase=erase,
)
