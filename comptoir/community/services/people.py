"""Accounts, profiles and skills."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comptoir.community import permissions
from comptoir.community.audit import Verb
from comptoir.community.exceptions import (
    DuplicateEmail,
    InvalidSkills,
    UnknownLanguage,
)
from comptoir.community.models import (
    Person,
    PersonSkill,
    Skill,
)
from comptoir.community.services._common import save_clean as _save_clean
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "pronouns",
    "bio",
    "phone",
    "profile_types",
    "directory_visibility",
    "show_email",
    "show_presence",
    "preferred_language",
)


@transaction.atomic
def person_create(
    *,
    email: str,
    first_name: str,
    last_name: str = "",
    password: str | None = None,
    by: Actor | None = None,
    **profile: Any,
) -> Person:
    """Create an account (used by the demo, the desk and tests; sign-up goes through allauth)."""
    email = email.strip().lower()
    if Person.objects.filter(email__iexact=email).exists():
        raise DuplicateEmail(field="email")
    person = Person(email=email, first_name=first_name, last_name=last_name, **profile)
    person.set_password(password) if password else person.set_unusable_password()
    _save_clean(person, exclude=["password"])
    audit_record(actor=by, verb=Verb.PERSON_CREATED, target=person)
    return person


@transaction.atomic
def person_update(*, person: Person, by: Actor, **fields: Any) -> Person:
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
    audit_record(actor=by, verb=Verb.PERSON_UPDATED, target=person, data={"fields": sorted(fields)})
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
def person_set_skills(*, person: Person, names: list[str], by: Actor) -> list[Skill]:
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
        verb=Verb.PERSON_SKILLS_SET,
        target=person,
        data={"skills": sorted(s.name for s in skills.values())},
    )
    return list(skills.values())


@transaction.atomic
def person_update_profile(
    *, person: Person, by: Actor, skills: list[str] | None = None, **fields: Any
) -> Person:
    """Profile fields and skills together, or nothing (the profile page, PATCH /people/me)."""
    if fields:
        person_update(person=person, by=by, **fields)
    if skills is not None:
        person_set_skills(person=person, names=skills, by=by)
    return person


def person_welcome(*, person: Person) -> None:
    """Schedule the welcome email once the account exists."""
    from comptoir.community.tasks import send_welcome_email

    transaction.on_commit(partial(send_welcome_email.enqueue, person_id=person.pk))
