from __future__ import annotations

import pytest
from django.test import Client

from comptoir.community.tests.factories import PersonFactory


@pytest.mark.django_db
def test_staff_who_are_not_superusers_cannot_enter_the_admin():
    staff = PersonFactory(is_staff=True)
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_concierges_cannot_enter_the_admin(concierge_client):
    assert concierge_client.get("/admin/community/person/").status_code == 302


@pytest.mark.django_db
def test_network_administrators_can():
    admin = PersonFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/community/person/").status_code == 200
