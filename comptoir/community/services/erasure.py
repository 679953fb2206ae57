"""Erasure of a person's data (RGPD article 17), every app contributing its step."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comptoir.community import permissions
from comptoir.community.audit import Verb
from comptoir.community.exceptions import AlreadyErased
from comptoir.community.models import Person, Visibility
from comptoir.community.personal_data import Erasure, providers
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

# RFC 2606 reserves `.invalid`: nothing is ever delivered there.
ERASED_EMAIL = "erased-{pk}@erased.invalid"


def _anonymise(person: Person, *, at: object) -> None:
    person.email = ERASED_EMAIL.format(pk=person.pk)
    person.first_name = person.last_name = person.pronouns = person.bio = person.phone = ""
    person.profile_types = []
    person.directory_visibility = Visibility.HIDDEN
    person.show_email = person.show_presence = False
    person.is_active = person.is_staff = person.is_superuser = False
    # Also ends every session: Django checks a hash of the password on each request.
    person.set_unusable_password()
    person.card_version += 1  # the member card printed for them no longer opens the desk
    person.erased_at = at  # type: ignore[assignment]
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


@transaction.atomic
def person_erase(*, person: Person, by: Actor) -> Person:
    """Anonymise the person and let every app erase or blank what it holds about them,
    keeping what the law requires (orders' buyer snapshot, ledgers, visits: counted, linked
    to the anonymised person). One transaction: all of it, or nothing."""
    if not permissions.can_erase_person(by, person):
        raise NotAllowed()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise AlreadyErased()
    erasure = Erasure(
        person=person, old_name=person.display_name, old_email=person.email, at=timezone.now()
    )
    by_self = by.pk == person.pk
    _anonymise(person, at=erasure.at)
    for provider in providers():
        if provider.erase is not None:
            provider.erase(erasure)
    audit_record(actor=by, verb=Verb.PERSON_ERASED, target=person, data={"by_self": by_self})
    return person
