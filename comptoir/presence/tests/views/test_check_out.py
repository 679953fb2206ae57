from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory
from comptoir.presence.models import Visit
from comptoir.presence.tests.views.conftest import let_in, member_of

pytestmark = pytest.mark.django_db


def url(visit):
    return reverse("presence:check-out", args=[visit.pk])


@pytest.fixture
def visit(place, concierge, nomad):
    return let_in(nomad, place, concierge)


def test_anonymous_visitors_are_sent_to_log_in(client, visit):
    response = client.post(url(visit))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Visit.objects.get(pk=visit.pk).checked_out_at is None


def test_an_unknown_visit_is_a_404(concierge_client):
    assert concierge_client.post(reverse("presence:check-out", args=[999999])).status_code == 404


def test_it_only_answers_post(concierge_client, visit):
    assert concierge_client.get(url(visit)).status_code == 405


def test_i_check_myself_out(login, place, nomad, visit):
    response = login(nomad).post(url(visit), {"back": "presence"})
    assert response.status_code == 302
    assert response["Location"] == reverse("presence:place-presence", args=[place.slug])
    assert Visit.objects.get(pk=visit.pk).checked_out_at is not None


def test_i_check_myself_out_with_htmx(login, nomad, visit, htmx):
    response = login(nomad).post(url(visit), {"back": "presence"}, **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'id="presence-me"' in body
    assert Visit.objects.get(pk=visit.pk).checked_out_at is not None


def test_a_member_cannot_check_someone_else_out(login, place, visit):
    other = member_of(place)
    response = login(other).post(url(visit), {"back": "presence"})
    assert response.status_code == 403
    assert "outcome refused" in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).checked_out_at is None


def test_a_stranger_cannot_check_someone_out_and_sees_no_presence_list(login, visit):
    stranger = PersonFactory()
    response = login(stranger).post(url(visit), {"back": "kiosk"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Nina" not in body  # nothing of the place's presence leaks
    assert Visit.objects.get(pk=visit.pk).checked_out_at is None


def test_the_concierge_checks_someone_out_from_the_desk(concierge_client, place, visit):
    response = concierge_client.post(url(visit), {"back": "kiosk", "q": "nina"})
    assert response.status_code == 302
    assert response["Location"] == reverse("presence:kiosk", args=[place.slug]) + "?q=nina"
    assert Visit.objects.get(pk=visit.pk).checked_out_at is not None


def test_the_concierge_checks_someone_out_with_htmx(concierge_client, visit, htmx):
    response = concierge_client.post(url(visit), {"back": "kiosk"}, **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nina Martin" in body
    assert 'id="kiosk-present"' in body
    assert Visit.objects.get(pk=visit.pk).checked_out_at is not None


def test_a_visit_already_over_is_a_conflict(concierge_client, visit):
    Visit.objects.filter(pk=visit.pk).update(checked_out_at=timezone.now())
    response = concierge_client.post(url(visit), {"back": "kiosk"})
    assert response.status_code == 409
    assert "outcome refused" in response.content.decode()


def test_a_concierge_of_the_place_may_check_out_from_the_presence_page(login, place, visit):
    occasional = member_of(place, Role.CONCIERGE_OCCASIONAL)
    response = login(occasional).post(url(visit))
    assert response.status_code == 302
    assert Visit.objects.get(pk=visit.pk).checked_out_at is not None


def test_an_unknown_back_value_falls_back_to_the_presence_page(login, place, nomad, visit):
    response = login(nomad).post(url(visit), {"back": "elsewhere"})
    assert response.status_code == 302
    assert response["Location"] == reverse("presence:place-presence", args=[place.slug])
