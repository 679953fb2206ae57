from __future__ import annotations

import pytest

from comptoir.community import services
from comptoir.community.exceptions import InvalidSkills
from comptoir.community.models import PersonSkill, Skill
from comptoir.community.tests.factories import PersonFactory, PersonSkillFactory, SkillFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _names(person):
    return sorted(PersonSkill.objects.filter(person=person).values_list("skill__name", flat=True))


def test_it_sets_skills_creating_new_ones(person):
    services.person_set_skills(person=person, names=["KiCad", "  Python  "], by=person)
    assert _names(person) == ["KiCad", "Python"]
    assert Skill.objects.count() == 2
    assert AuditEvent.objects.get(verb="person.skills_set").data == {"skills": ["KiCad", "Python"]}


def test_it_reuses_an_existing_skill_whatever_its_case(person):
    existing = SkillFactory(name="Soudure", slug="soudure")
    services.person_set_skills(person=person, names=["soudure"], by=person)
    assert list(PersonSkill.objects.filter(person=person).values_list("skill", flat=True)) == [
        existing.pk
    ]
    assert Skill.objects.count() == 1


def test_it_replaces_the_previous_skills(person):
    PersonSkillFactory(person=person, skill=SkillFactory(name="Couture", slug="couture"))
    PersonSkillFactory(person=person, skill=SkillFactory(name="Python", slug="python"))
    services.person_set_skills(person=person, names=["Python", "Arduino"], by=person)
    assert _names(person) == ["Arduino", "Python"]


def test_it_clears_skills_with_an_empty_list(person):
    PersonSkillFactory(person=person)
    services.person_set_skills(person=person, names=[], by=person)
    assert _names(person) == []


def test_it_removes_duplicates_and_blanks(person):
    services.person_set_skills(person=person, names=["Python", "python", " ", "PYTHON"], by=person)
    assert _names(person) == ["Python"]


def test_it_keeps_c_and_c_plus_plus_apart(person):
    services.person_set_skills(person=person, names=["C", "C++", "C#"], by=person)
    assert _names(person) == ["C", "C#", "C++"]
    assert len(set(Skill.objects.values_list("slug", flat=True))) == 3


def test_it_accepts_thirty_skills(person):
    services.person_set_skills(person=person, names=[f"Skill {n}" for n in range(30)], by=person)
    assert len(_names(person)) == 30


def test_it_refuses_more_than_thirty_skills_and_saves_nothing(person):
    PersonSkillFactory(person=person, skill=SkillFactory(name="Couture", slug="couture"))
    with pytest.raises(InvalidSkills) as error:
        services.person_set_skills(person=person, names=[f"S{n}" for n in range(31)], by=person)
    assert error.value.field == "skills"
    assert "30" in error.value.message
    assert _names(person) == ["Couture"]
    assert Skill.objects.count() == 1


def test_it_refuses_a_skill_longer_than_eighty_characters(person):
    with pytest.raises(InvalidSkills) as error:
        services.person_set_skills(person=person, names=["Python", "x" * 81], by=person)
    assert error.value.field == "skills"
    assert "80" in error.value.message
    assert Skill.objects.count() == 0


def test_it_accepts_a_skill_of_exactly_eighty_characters(person):
    services.person_set_skills(person=person, names=["x" * 80], by=person)
    assert _names(person) == ["x" * 80]


def test_it_refuses_a_skill_without_letters_or_digits(person):
    with pytest.raises(InvalidSkills):
        services.person_set_skills(person=person, names=["!!!"], by=person)


def test_it_refuses_someone_else(person):
    with pytest.raises(NotAllowed):
        services.person_set_skills(person=person, names=["Python"], by=PersonFactory())
    assert _names(person) == []
