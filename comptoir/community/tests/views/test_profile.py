from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Person, PersonSkill
from comptoir.community.tests.factories import person_with_skills

pytestmark = pytest.mark.django_db

URL = reverse("community:profile")


def valid_data(**changes):
    data = {
        "first_name": "Inès",
        "last_name": "Martin",
        "pronouns": "elle",
        "bio": "Je répare des vélos.",
        "phone": "04 77 00 00 00",
        "profile_types": ["freelance", "mediator"],
        "skills": "KiCad, Python",
        "directory_visibility": "members",
        "show_email": "on",
        "preferred_language": "en",
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.post(URL, valid_data()).status_code == 302


def test_it_shows_the_form_filled_with_my_profile(login):
    me = person_with_skills("KiCad", "Python", first_name="Inès", pronouns="elle")
    response = login(me).get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["first_name"] == "Inès"
    assert form.initial["skills"] == "KiCad, Python"
    body = response.content.decode()
    assert 'value="Inès"' in body
    assert 'value="KiCad, Python"' in body
    assert 'type="radio" name="directory_visibility"' in body
    assert 'type="checkbox" name="profile_types"' in body


def test_it_saves_my_profile_and_skills(member_client, person):
    response = member_client.post(URL, valid_data())
    assert response.status_code == 302
    assert response["Location"] == URL
    person.refresh_from_db()
    assert (person.first_name, person.pronouns, person.phone) == ("Inès", "elle", "04 77 00 00 00")
    assert person.profile_types == ["freelance", "mediator"]
    assert person.directory_visibility == "members"
    assert person.show_email
    assert person.preferred_language == "en"
    assert sorted(
        PersonSkill.objects.filter(person=person).values_list("skill__name", flat=True)
    ) == ["KiCad", "Python"]


def test_a_missing_first_name_is_a_field_error(member_client, person):
    response = member_client.post(URL, valid_data(first_name=""))
    assert response.status_code == 422
    assert "first_name" in response.context["form"].errors
    assert Person.objects.get(pk=person.pk).first_name == person.first_name


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("directory_visibility", "everyone"),
        ("profile_types", ["astronaut"]),
        ("preferred_language", "xx"),
    ],
)
def test_unknown_choices_are_field_errors(member_client, person, field, value):
    response = member_client.post(URL, valid_data(**{field: value}))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert Person.objects.get(pk=person.pk).first_name != "Inès"


def test_more_than_thirty_skills_is_a_field_error_and_nothing_is_saved(member_client, person):
    skills = ", ".join(f"Skill {n}" for n in range(31))
    response = member_client.post(URL, valid_data(skills=skills))
    assert response.status_code == 422
    assert "skills" in response.context["form"].errors
    assert Person.objects.get(pk=person.pk).first_name != "Inès"
    assert not PersonSkill.objects.filter(person=person).exists()


def test_a_skill_longer_than_eighty_characters_is_a_field_error(member_client, person):
    response = member_client.post(URL, valid_data(skills="Python, " + "x" * 81))
    assert response.status_code == 422
    assert "skills" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_there_is_no_way_to_edit_someone_else(member_client, person):
    other = person_with_skills(first_name="Autre")
    member_client.post(URL, valid_data(first_name="Changed", id=other.pk, pk=other.pk))
    assert Person.objects.get(pk=other.pk).first_name == "Autre"
    assert Person.objects.get(pk=person.pk).first_name == "Changed"
