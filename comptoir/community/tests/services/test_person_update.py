from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from comptoir.community import services
from comptoir.community.exceptions import UnknownLanguage
from comptoir.community.models import Person, ProfileType, Visibility
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_updates_the_profile_fields_and_audits(person):
    services.person_update(
        person=person,
        by=person,
        first_name="Inès",
        bio="Je répare des vélos.",
        profile_types=[ProfileType.FREELANCE, ProfileType.MEDIATOR],
        directory_visibility=Visibility.MEMBERS,
    )
    person.refresh_from_db()
    assert person.first_name == "Inès"
    assert person.profile_types == ["freelance", "mediator"]
    assert person.directory_visibility == Visibility.MEMBERS
    event = AuditEvent.objects.get(verb="person.updated")
    assert event.actor == person
    assert event.data["fields"] == ["bio", "directory_visibility", "first_name", "profile_types"]


def test_it_lets_a_network_admin_edit_someone(person, superuser):
    services.person_update(person=person, by=superuser, pronouns="iel")
    assert Person.objects.get(pk=person.pk).pronouns == "iel"


@pytest.mark.parametrize("by", ["other", "anonymous"])
def test_it_refuses_anyone_else(person, by):
    actor = PersonFactory() if by == "other" else None
    with pytest.raises(NotAllowed):
        services.person_update(person=person, by=actor, first_name="Pirate")
    assert Person.objects.get(pk=person.pk).first_name != "Pirate"


def test_it_rejects_an_unknown_profile_type(person):
    with pytest.raises(ValidationError) as error:
        services.person_update(person=person, by=person, profile_types=["astronaut"])
    assert "profile_types" in error.value.message_dict


def test_it_rejects_an_unknown_visibility(person):
    with pytest.raises(ValidationError) as error:
        services.person_update(person=person, by=person, directory_visibility="everyone")
    assert "directory_visibility" in error.value.message_dict


def test_it_rejects_an_unknown_language(person):
    with pytest.raises(UnknownLanguage) as error:
        services.person_update(person=person, by=person, preferred_language="xx")
    assert error.value.field == "preferred_language"


def test_it_refuses_fields_that_are_not_profile_fields(person):
    with pytest.raises(ValueError):
        services.person_update(person=person, by=person, is_superuser=True)
    assert not Person.objects.get(pk=person.pk).is_superuser
