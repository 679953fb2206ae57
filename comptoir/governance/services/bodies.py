"""Bodies and their members."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.governance import permissions
from comptoir.governance.audit import Verb
from comptoir.governance.exceptions import AlreadyMember
from comptoir.governance.models import Body, Membership
from comptoir.places.models import Network, Place
from comptoir.projects.models import Project


@transaction.atomic
def body_create(
    *,
    kind: str,
    name: str,
    by: Actor | None,
    place: Place | None = None,
    network: Network | None = None,
    project: Project | None = None,
    quorum_percent: int = 0,
    majority_percent: int = 50,
    proxy_limit: int = 1,
) -> Body:
    body = Body(
        kind=kind,
        name=(name or "").strip(),
        place=place,
        network=network,
        project=project,
        quorum_percent=quorum_percent,
        majority_percent=majority_percent,
        proxy_limit=proxy_limit,
    )
    if by is not None and not permissions.can_manage_body(by, body):
        raise NotAllowed()
    if kind not in Body.Kind.values:
        raise InvalidInput(field="kind")
    from django.core.exceptions import ValidationError

    try:
        body.full_clean()
    except ValidationError as error:
        raise InvalidInput(field=next(iter(error.message_dict), None)) from error
    body.save()
    audit_record(actor=by, verb=Verb.BODY_CREATED, target=body, place=place)
    return body


@transaction.atomic
def member_add(*, body: Body, person: Person, by: Actor | None) -> Membership:
    """One current membership per person and body (the database says so too)."""
    if by is not None and not permissions.can_manage_body(by, body):
        raise NotAllowed()
    if Membership.objects.current().filter(body=body, person=person).exists():
        raise AlreadyMember(field="person")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(body=body, person=person)
    except IntegrityError as error:
        raise AlreadyMember(field="person") from error
    audit_record(
        actor=by,
        verb=Verb.MEMBER_ADDED,
        target=membership,
        place=body.place,
        data={"person": person.pk},
    )
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, by: Actor | None) -> Membership:
    if by is not None and not permissions.can_manage_body(by, membership.body):
        raise NotAllowed()
    if membership.left_at is None:
        membership.left_at = timezone.now()
        membership.save(update_fields=["left_at", "updated_at"])
        audit_record(
            actor=by,
            verb=Verb.MEMBER_REMOVED,
            target=membership,
            place=membership.body.place,
            data={"person": membership.person_id},
        )
    return membership
