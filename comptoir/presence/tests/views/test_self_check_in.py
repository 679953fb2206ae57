from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.access import services as access
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence.models import Access, Visit
from comptoir.presence.tests.views.conftest import let_in, member_of

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("presence:self-check-in", args=[place.slug])


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.post(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Visit.objects.exists()


def test_it_only_answers_post(login, place, nomad):
    assert login(nomad).get(url(place)).status_code == 405


def test_an_unknown_place_is_a_404(login, nomad):
    assert (
        login(nomad).post(reverse("presence:self-check-in", args=["nulle-part"])).status_code == 404
    )


def test_a_member_with_a_book_checks_in(login, place, nomad, sell_book):
    book = sell_book(nomad)
    response = login(nomad).post(url(place), follow=True)
    assert response.redirect_chain == [(reverse("presence:place-presence", args=[place.slug]), 302)]
    assert Visit.objects.get(person=nomad).access == Access.TICKET
    assert access.balance(book) == 9
    assert "9" in response.content.decode()


def test_with_htmx_it_answers_the_partials(login, place, nomad, sell_book, htmx):
    sell_book(nomad)
    response = login(nomad).post(url(place), **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="presence-me" aria-labelledby="presence-me-heading" hx-swap-oob="true"' in body
    assert reverse("presence:check-out", args=[Visit.objects.get().pk]) in body


def test_a_member_without_access_is_refused_with_the_reason(login, place, offers):
    walker = member_of(place)
    response = login(walker).post(url(place))
    assert response.status_code == 403
    body = response.content.decode()
    assert "outcome refused" in body
    assert offers["day_pass"].name in body
    assert not Visit.objects.exists()


def test_a_newcomer_is_sent_to_the_desk(login, place, offers):
    response = login(PersonFactory()).post(url(place))
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_a_member_of_another_network_place_is_refused_politely(login, place):
    # A role in a place of another network gives nothing here.
    from comptoir.places.tests.factories import NetworkFactory

    elsewhere = PlaceFactory(network=NetworkFactory(name="Autre", slug="autre"))
    person = PersonFactory()
    PlaceRoleFactory(person=person, place=elsewhere, role=Role.NOMAD)
    response = login(person).post(url(place))
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_checking_in_twice_is_a_conflict(login, place, concierge, nomad, sell_book):
    sell_book(nomad)
    let_in(nomad, place, concierge)
    response = login(nomad).post(url(place))
    assert response.status_code == 409
    assert Visit.objects.count() == 1
