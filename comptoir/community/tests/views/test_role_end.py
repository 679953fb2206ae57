from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import PlaceRoleFactory

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def nomad_role(place):
    return PlaceRoleFactory(place=place, role=Role.NOMAD)


def url(place, place_role):
    return reverse("community:role-end", args=[place.slug, place_role.pk])


def _until(place_role):
    return PlaceRole.objects.get(pk=place_role.pk).valid_until


@pytest.mark.parametrize("who", ["concierge", "occasional_concierge", "superuser"])
def test_concierges_and_admins_end_a_role(login, request, place, nomad_role, who):
    response = login(request.getfixturevalue(who)).post(url(place, nomad_role))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:role-list", args=[place.slug])
    assert _until(nomad_role) == YESTERDAY


def test_an_htmx_request_gets_the_replacement_row(concierge_client, place, nomad_role):
    response = concierge_client.post(url(place, nomad_role), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'<tr id="role-{nomad_role.pk}">')
    assert 'role="status"' in body
    assert _until(nomad_role) == YESTERDAY


@pytest.mark.parametrize("who", ["person", "other_concierge"])
def test_others_get_a_403(login, request, place, nomad_role, who):
    assert login(request.getfixturevalue(who)).post(url(place, nomad_role)).status_code == 403
    assert _until(nomad_role) is None


def test_an_occasional_concierge_may_not_end_a_concierge_role(
    login, occasional_concierge, concierge, place
):
    concierge_role = PlaceRole.objects.get(person=concierge)
    response = login(occasional_concierge).post(url(place, concierge_role))
    assert response.status_code == 403
    assert _until(concierge_role) is None


def test_a_role_of_another_place_is_a_404(concierge_client, place, other_place):
    elsewhere = PlaceRoleFactory(place=other_place)
    assert concierge_client.post(url(place, elsewhere)).status_code == 404
    assert _until(elsewhere) is None


def test_anonymous_visitors_are_sent_to_log_in(client, place, nomad_role):
    assert client.post(url(place, nomad_role)).status_code == 302
    assert _until(nomad_role) is None


def test_it_needs_post(concierge_client, place, nomad_role):
    assert concierge_client.get(url(place, nomad_role)).status_code == 405
