from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory
from comptoir.places.tests.factories import SpaceFactory
from comptoir.presence import services
from comptoir.presence.tests.views.conftest import let_in, member_of

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("presence:place-presence", args=[place.slug])


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_people_without_a_role_here_are_refused(login, place):
    assert login(PersonFactory()).get(url(place)).status_code == 403


def test_an_unknown_place_is_a_404(login, place, nomad):
    assert (
        login(nomad).get(reverse("presence:place-presence", args=["nulle-part"])).status_code == 404
    )


def test_members_see_only_the_people_who_opted_in(login, place, concierge, nomad):
    let_in(member_of(place, first_name="Visible", show_presence=True), place, concierge)
    let_in(member_of(place, first_name="Discret", show_presence=False), place, concierge)
    response = login(nomad).get(url(place))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Visible" in body
    assert "Discret" not in body
    # The count is anonymous: both are counted.
    assert response.context["total"] == 2


def test_concierges_see_everyone(concierge_client, place, concierge):
    let_in(member_of(place, first_name="Discret", show_presence=False), place, concierge)
    body = concierge_client.get(url(place)).content.decode()
    assert "Discret" in body
    assert reverse("presence:kiosk", args=[place.slug]) in body


def test_a_member_not_here_gets_the_check_in_button(login, place, nomad):
    body = login(nomad).get(url(place)).content.decode()
    assert reverse("presence:self-check-in", args=[place.slug]) in body


def test_a_member_here_gets_the_leave_button(login, place, concierge, nomad):
    visit = let_in(nomad, place, concierge)
    body = login(nomad).get(url(place)).content.decode()
    assert reverse("presence:check-out", args=[visit.pk]) in body
    assert reverse("presence:self-check-in", args=[place.slug]) not in body
    # I see myself even though I did not opt in.
    assert "Nina Martin" in body


def test_occupancy_of_each_space_is_shown_against_its_capacity(login, place, concierge, nomad):
    space = SpaceFactory(place=place, name="Open space", capacity=4)
    SpaceFactory(place=place, name="Fermé", capacity=4, is_active=False)
    services.visit_check_in(
        person=member_of(place), place=place, by=concierge, space=space, override_reason="test"
    )
    body = login(nomad).get(url(place)).content.decode()
    assert "Open space" in body and "Fermé" not in body
    assert f'<progress max="4" value="1" aria-labelledby="space-{space.pk}-name"' in body
    assert "1 place occupée sur 4" in body  # the interface is in French by default


def test_the_live_part_refreshes_every_minute_with_htmx(login, place, nomad, htmx):
    client = login(nomad)
    body = client.get(url(place)).content.decode()
    assert 'hx-trigger="every 60s"' in body
    partial = client.get(url(place), **htmx)
    assert partial.status_code == 200
    assert partial.content.decode().lstrip().startswith('<section id="presence-live"')


def _crowd(place, concierge, count):
    for n in range(count):
        person = member_of(place, Role.RESIDENT, first_name=f"Zoé{n}", show_presence=n % 2 == 0)
        let_in(person, place, concierge)
    for n in range(3):
        SpaceFactory(place=place, name=f"Salle {n}")


@pytest.mark.parametrize("count", [3, 15])
def test_member_query_count_does_not_grow(
    login, place, concierge, nomad, django_assert_num_queries, count
):
    _crowd(place, concierge, count)
    client = login(nomad)
    # session, user, place, the viewer's roles, who is here, spaces, total.
    with django_assert_num_queries(7):
        assert client.get(url(place)).status_code == 200


@pytest.mark.parametrize("count", [3, 15])
def test_concierge_query_count_does_not_grow(
    concierge_client, place, concierge, django_assert_num_queries, count
):
    _crowd(place, concierge, count)
    with django_assert_num_queries(7):
        response = concierge_client.get(url(place))
    assert response.content.decode().count("Zoé") == count
