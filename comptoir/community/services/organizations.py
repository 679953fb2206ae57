"""Structures and the people affiliated to them."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from comptoir.community import permissions
from comptoir.community.audit import Verb
from comptoir.community.exceptions import (
    DuplicateSiret,
)
from comptoir.community.models import (
    Affiliation,
    Organization,
    Person,
)
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor


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
    by: Actor | None,
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
    audit_record(actor=by, verb=Verb.ORGANIZATION_CREATED, target=org)
    return org


ORGANIZATION_FIELDS = ("name", "category", "legal_form", "siret", "description", "website", "email")


@transaction.atomic
def organization_update(*, organization: Organization, by: Actor, **fields: Any) -> Organization:
    if not permissions.can_edit_organization(by, organization):
        raise NotAllowed()
    for name, value in fields.items():
        if name not in ORGANIZATION_FIELDS:
            raise ValueError(name)
        setattr(organization, name, _siret_normalise(value) if name == "siret" else value)
    _organization_save(organization)
    audit_record(
        actor=by,
        verb=Verb.ORGANIZATION_UPDATED,
        target=organization,
        data={"fields": sorted(fields)},
    )
    return organization


@transaction.atomic
def affiliation_create(
    *,
    person: Person,
    organization: Organization,
    by: Actor | None,
    title: str = "",
    is_manager: bool = False,
) -> Affiliation:
    if by is not None and not (
        permissions.can_edit_organization(by, organization)
        or permissions.can_search_private_data(by)
    ):
        raise NotAllowed()
    affiliation, _created = Affiliation.objects.update_or_create(
        person=person,
        organization=organization,
        defaults={"title": title, "is_manager": is_manager},
    )
    audit_record(actor=by, verb=Verb.AFFILIATION_CREATED, target=affiliation)
    permissions.forget_roles(person)
    return affiliation
