"""Writes of the community app: one transaction each, audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comptoir.community import permissions
from comptoir.community.exceptions import (
    DuplicateEmail,
    DuplicateSiret,
    InvalidPeriod,
    InvalidSkills,
    RoleOverlap,
    UnknownLanguage,
)
from comptoir.community.models import (
    Affiliation,
    ApiToken,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    Skill,
)
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.places.models import Place

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "pronouns",
    "bio",
    "phone",
    "profile_types",
    "directory_visibility",
    "show_email",
    "preferred_language",
)


def _save_clean(obj: Any, **clean_kwargs: Any) -> None:
    obj.full_clean(**clean_kwargs)
    obj.save()


@transaction.atomic
def person_create(
    *,
    email: str,
    first_name: str,
    last_name: str = "",
    password: str | None = None,
    by: Any = None,
    **profile: Any,
) -> Person:
    """Create an account (used by the demo, the desk and tests; sign-up goes through allauth)."""
    email = email.strip().lower()
    if Person.objects.filter(email__iexact=email).exists():
        raise DuplicateEmail(field="email")
    person = Person(email=email, first_name=first_name, last_name=last_name, **profile)
    person.set_password(password) if password else person.set_unusable_password()
    _save_clean(person, exclude=["password"])
    audit_record(actor=by, verb="person.created", target=person)
    return person


@transaction.atomic
def person_update(*, person: Person, by: Any, **fields: Any) -> Person:
    """Update profile fields of a person; only they (or a network admin) may."""
    if not permissions.can_edit_person(by, person):
        raise NotAllowed()
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {unknown}")
    language = fields.get("preferred_language")
    if language is not None and language not in dict(settings.LANGUAGES):
        raise UnknownLanguage(field="preferred_language")
    for name, value in fields.items():
        setattr(person, name, value)
    _save_clean(person, exclude=["password"])
    audit_record(actor=by, verb="person.updated", target=person, data={"fields": sorted(fields)})
    return person


MAX_SKILLS = 30
MAX_SKILL_LENGTH = 80


def _skill_names_clean(names: list[str]) -> list[str]:
    """Normalised, de-duplicated skill names; raises InvalidSkills on bad input."""
    cleaned: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_SKILL_LENGTH:
            raise InvalidSkills(
                _("“%(name)s…” is too long: a skill has at most %(max)d characters.")
                % {"name": name[:20], "max": MAX_SKILL_LENGTH},
                field="skills",
            )
        if not any(char.isalnum() for char in name):
            raise InvalidSkills(
                _("“%(name)s” is not a skill name: use letters or digits.") % {"name": name},
                field="skills",
            )
        cleaned.setdefault(name.casefold(), name)
    if len(cleaned) > MAX_SKILLS:
        raise InvalidSkills(
            _("At most %(max)d skills, please (%(count)d given).")
            % {"max": MAX_SKILLS, "count": len(cleaned)},
            field="skills",
        )
    return list(cleaned.values())


def _unique_skill_slug(name: str) -> str:
    # "C", "C++" and "C#" all slugify to "c": suffix the later ones.
    base = slugify(name)[:80] or "skill"
    slug, n = base, 2
    while Skill.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def skill_get_or_create(*, name: str) -> Skill:
    """The skill with this name (case-insensitive), created when new."""
    (name,) = _skill_names_clean([name]) or [""]
    if not name:
        raise InvalidSkills(field="skills")
    for _attempt in range(3):
        existing = Skill.objects.filter(name__iexact=name).first()
        if existing is not None:
            return existing
        try:
            # Someone may create the same skill at the same moment: the savepoint lets us
            # recover from the unique violation and look again.
            with transaction.atomic():
                return Skill.objects.create(name=name, slug=_unique_skill_slug(name))
        except IntegrityError:
            continue
    raise InvalidSkills(field="skills")


@transaction.atomic
def person_set_skills(*, person: Person, names: list[str], by: Any) -> list[Skill]:
    """Replace a person's skills with these names (created when new, at most 30)."""
    if not permissions.can_edit_person(by, person):
        raise NotAllowed()
    skills = {s.pk: s for s in (skill_get_or_create(name=n) for n in _skill_names_clean(names))}
    PersonSkill.objects.filter(person=person).exclude(skill_id__in=skills).delete()
    have = set(PersonSkill.objects.filter(person=person).values_list("skill_id", flat=True))
    PersonSkill.objects.bulk_create(
        [PersonSkill(person=person, skill=s) for pk, s in skills.items() if pk not in have]
    )
    audit_record(
        actor=by,
        verb="person.skills_set",
        target=person,
        data={"skills": sorted(s.name for s in skills.values())},
    )
    return list(skills.values())


@transaction.atomic
def person_update_profile(
    *, person: Person, by: Any, skills: list[str] | None = None, **fields: Any
) -> Person:
    """The profile page's save: profile fields and skills together, or nothing."""
    person_update(person=person, by=by, **fields)
    if skills is not None:
        person_set_skills(person=person, names=skills, by=by)
    return person


def _siret_normalise(value: str) -> str:
    return "".join(value.split()).replace(".", "").replace("-", "")


def _organization_save(org: Organization) -> None:
    """Validate and save; a SIRET already used elsewhere is a field error, even in a race."""
    org.full_clean(validate_constraints=False)
    if org.siret and Organization.objects.filter(siret=org.siret).exclude(pk=org.pk).exists():
        raise DuplicateSiret(field="siret")
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as error:
        if org.siret and Organization.objects.filter(siret=org.siret).exclude(pk=org.pk).exists():
            raise DuplicateSiret(field="siret") from error
        raise


RESERVED_ORGANIZATION_SLUGS = frozenset({"nouvelle"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "structure"
    slug, n = base, 2
    # "nouvelle" is the creation page's address (/structures/nouvelle/).
    while slug in RESERVED_ORGANIZATION_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organization_create(
    *,
    name: str,
    category: str,
    by: Any,
    legal_form: str = "association",
    siret: str = "",
    description: str = "",
    website: str = "",
    email: str = "",
    manager: Person | None = None,
) -> Organization:
    """Create a structure; its creator (or `manager`) becomes its manager."""
    if by is not None and not permissions.can_create_organization(by):
        raise NotAllowed()
    org = Organization(
        name=name.strip(),
        slug=_unique_slug(name),
        category=category,
        legal_form=legal_form,
        siret=_siret_normalise(siret),
        description=description,
        website=website,
        email=email,
    )
    _organization_save(org)
    manager = manager or (by if getattr(by, "is_authenticated", False) else None)
    if manager is not None:
        Affiliation.objects.create(person=manager, organization=org, is_manager=True)
    audit_record(actor=by, verb="organization.created", target=org)
    return org


ORGANIZATION_FIELDS = ("name", "category", "legal_form", "siret", "description", "website", "email")


@transaction.atomic
def organization_update(*, organization: Organization, by: Any, **fields: Any) -> Organization:
    if not permissions.can_edit_organization(by, organization):
        raise NotAllowed()
    for name, value in fields.items():
        if name not in ORGANIZATION_FIELDS:
            raise ValueError(name)
        setattr(organization, name, _siret_normalise(value) if name == "siret" else value)
    _organization_save(organization)
    audit_record(
        actor=by, verb="organization.updated", target=organization, data={"fields": sorted(fields)}
    )
    return organization


@transaction.atomic
def affiliation_create(
    *,
    person: Person,
    organization: Organization,
    by: Any,
    title: str = "",
    is_manager: bool = False,
) -> Affiliation:
    if by is not None and not (
        permissions.can_edit_organization(by, organization) or permissions.can_see_hidden_people(by)
    ):
        raise NotAllowed()
    affiliation, _created = Affiliation.objects.update_or_create(
        person=person,
        organization=organization,
        defaults={"title": title, "is_manager": is_manager},
    )
    audit_record(actor=by, verb="affiliation.created", target=affiliation)
    return affiliation


def _overlapping(
    *,
    person: Person,
    place: Place,
    role: str,
    valid_from: date,
    valid_until: date | None,
    exclude_pk: int | None = None,
) -> bool:
    qs = PlaceRole.objects.filter(person=person, place=place, role=role).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
    )
    if valid_until is not None:
        qs = qs.filter(valid_from__lte=valid_until)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def place_role_assign(
    *,
    person: Person,
    place: Place,
    role: str,
    by: Any,
    valid_from: date | None = None,
    valid_until: date | None = None,
    organization: Organization | None = None,
    note: str = "",
) -> PlaceRole:
    """Give a person a role in a place for a period; periods of the same role never overlap."""
    if by is not None and not permissions.can_assign_role(by, place.pk, role):
        raise NotAllowed()
    valid_from = valid_from or timezone.localdate()
    if valid_until is not None and valid_until < valid_from:
        raise InvalidPeriod(field="valid_until")
    # Serialise role changes per person so two concurrent assignments cannot both pass.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if _overlapping(
        person=person, place=place, role=role, valid_from=valid_from, valid_until=valid_until
    ):
        raise RoleOverlap(field="valid_from")
    place_role = PlaceRole(
        person=person,
        place=place,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
        organization=organization,
        note=note,
    )
    _save_clean(place_role)
    audit_record(
        actor=by,
        verb="role.assigned",
        target=place_role,
        place=place,
        data={
            "person": person.pk,
            "role": role,
            "from": str(valid_from),
            "until": str(valid_until) if valid_until else None,
        },
    )
    permissions.forget_roles(person)
    return place_role


@transaction.atomic
def place_role_end(*, place_role: PlaceRole, by: Any, on: date | None = None) -> PlaceRole:
    """End a role on `on` (default: yesterday, so it no longer counts today)."""
    if by is not None and not permissions.can_assign_role(by, place_role.place_id, place_role.role):
        raise NotAllowed()
    end = on or (timezone.localdate() - timedelta(days=1))
    if place_role.valid_until is not None and place_role.valid_until <= end:
        # Already over by then: ending it again must not extend it.
        return place_role
    if end < place_role.valid_from:
        # A role that had not started yet is simply withdrawn.
        audit_record(actor=by, verb="role.withdrawn", target=place_role, place=place_role.place)
        place_role.delete()
        permissions.forget_roles(place_role.person)
        return place_role
    place_role.valid_until = end
    _save_clean(place_role)
    audit_record(
        actor=by,
        verb="role.ended",
        target=place_role,
        place=place_role.place,
        data={"until": str(end)},
    )
    permissions.forget_roles(place_role.person)
    return place_role


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, person: Person, name: str, by: Any) -> tuple[ApiToken, str]:
    """Create a personal token; returns it with its secret, which is never stored."""
    if not permissions.can_edit_person(by, person):
        raise NotAllowed()
    secret = "cpt_" + secrets.token_urlsafe(32)
    token = ApiToken(
        person=person,
        name=name.strip()[:80] or "API",
        prefix=secret[:12],
        hashed=_hash_token(secret),
    )
    _save_clean(token)
    audit_record(actor=by, verb="api_token.created", target=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    if not permissions.can_edit_person(by, token.person):
        raise NotAllowed()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=by, verb="api_token.revoked", target=token)
    return token


def api_token_authenticate(*, secret: str) -> Person | None:
    """The active person owning this token secret, or None."""
    token = (
        ApiToken.objects.select_related("person")
        .filter(hashed=_hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.person.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute so authenticated reads stay read-only.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person


def person_welcome(*, person: Person) -> None:
    """Schedule the welcome email once the account exists."""
    from comptoir.community.tasks import send_welcome_email

    transaction.on_commit(partial(send_welcome_email.enqueue, person_id=person.pk))
