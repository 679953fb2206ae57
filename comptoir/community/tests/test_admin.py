from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Person
from comptoir.community.tests.factories import (
    AffiliationFactory,
    PersonSkillFactory,
    PlaceRoleFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["person", "organization", "placerole", "skill", "apitoken"]


@pytest.mark.parametrize("model", MODELS)
def test_network_admins_browse_the_community_admin(login, superuser, model):
    PlaceRoleFactory()
    AffiliationFactory()
    PersonSkillFactory()
    client = login(superuser)
    assert client.get(reverse(f"admin:community_{model}_changelist")).status_code == 200


def test_a_network_admin_opens_a_person_and_adds_one(login, superuser, person):
    client = login(superuser)
    assert client.get(reverse("admin:community_person_change", args=[person.pk])).status_code == 200
    response = client.post(
        reverse("admin:community_person_add"),
        {
            "email": "New@Example.org",
            "first_name": "Nouvelle",
            "last_name": "",
            **{
                f"{prefix}-{key}": value
                for prefix in ("affiliations", "person_skills")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )
    assert response.status_code == 302
    created = Person.objects.get(email="new@example.org")
    assert not created.has_usable_password()


def test_concierges_do_not_get_the_admin(concierge_client):
    response = concierge_client.get(reverse("admin:community_person_changelist"))
    assert response.status_code == 302
