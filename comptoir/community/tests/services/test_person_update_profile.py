from __future__ import annotations

import pytest

from comptoir.community import services
from comptoir.community.exceptions import InvalidSkills
from comptoir.community.models import Person, PersonSkill

pytestmark = pytest.mark.django_db


def test_it_saves_fields_and_skills_together(person):
    services.person_update_profile(person=person, by=person, skills=["KiCad"], first_name="Lou")
    assert Person.objects.get(pk=person.pk).first_name == "Lou"
    assert PersonSkill.objects.filter(person=person, skill__name="KiCad").exists()


def test_it_saves_nothing_when_the_skills_are_refused(person):
    before = person.first_name
    with pytest.raises(InvalidSkills):
        services.person_update_profile(
            person=person, by=person, skills=["x" * 81], first_name="Changed"
        )
    assert Person.objects.get(pk=person.pk).first_name == before


def test_it_leaves_skills_alone_when_not_given(person):
    services.person_set_skills(person=person, names=["Python"], by=person)
    services.person_update_profile(person=person, by=person, first_name="Lou")
    assert PersonSkill.objects.filter(person=person).count() == 1


def test_skills_alone_do_not_record_an_empty_profile_update(person):
    from comptoir.core.models import AuditEvent

    services.person_update_profile(person=person, by=person, skills=["KiCad"])
    verbs = list(AuditEvent.objects.filter(target_id=str(person.pk)).values_list("verb", flat=True))
    assert verbs == ["person.skills_set"]
