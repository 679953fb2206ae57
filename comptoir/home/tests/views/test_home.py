from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.audit import verb_label
from comptoir.core.services import audit_record
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db
URL = reverse("home:home")


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


def test_it_shows_the_network_places_to_anonymous_visitors():
    PlaceFactory(name="Comptoir Numérique")
    PlaceFactory(name="Le Mixeur")
    html = Client().get(URL).content.decode()
    assert "Comptoir Numérique" in html and "Le Mixeur" in html
    assert "badge open" in html or "badge closed" in html


@pytest.mark.parametrize("count", [3, 10])
def test_it_costs_anonymous_visitors_one_query_whatever_the_number_of_places(
    count, django_assert_num_queries
):
    PlaceFactory.create_batch(count)
    with django_assert_num_queries(1):
        response = Client().get(URL)
    assert response.content.decode().count('class="card place-card"') == count


def test_it_shows_a_member_their_places_with_role_and_links(person):
    mine = PlaceFactory(name="Comptoir Numérique")
    PlaceFactory(name="Ailleurs")
    PlaceRoleFactory(person=person, place=mine, role=Role.RESIDENT)
    html = client_for(person).get(URL).content.decode()
    assert "Comptoir Numérique" in html
    assert "Ailleurs" not in html
    assert "Resident" in html or "Résident" in html
    assert reverse("community:profile") in html
    assert reverse("community:directory") in html
    assert "/journal/" not in html


def test_it_ignores_past_roles_and_shows_the_network_to_people_without_a_role(person):
    old = PlaceFactory(name="Ancien lieu")
    today = timezone.localdate()
    PlaceRoleFactory(
        person=person,
        place=old,
        valid_from=today - timedelta(days=60),
        valid_until=today - timedelta(days=1),
    )
    html = client_for(person).get(URL).content.decode()
    assert "Ancien lieu" in html  # listed among the network's places
    assert "My role" not in html and "Mon rôle" not in html


@pytest.mark.parametrize("count", [3, 10])
def test_it_costs_a_member_the_same_queries_whatever_their_number_of_roles(
    count, person, django_assert_num_queries
):
    for place in PlaceFactory.create_batch(count):
        PlaceRoleFactory(person=person, place=place, role=Role.NOMAD)
    client = client_for(person)
    # session, user, my roles, the permission cache
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.content.decode().count('class="card place-card"') == count


def test_it_shows_a_concierge_today_s_dashboard(place, concierge):
    today = timezone.localdate()
    PlaceRoleFactory.create_batch(2, place=place, role=Role.NOMAD)
    leaving = PersonFactory(first_name="Victor", last_name="Leroy")
    PlaceRoleFactory(
        person=leaving, place=place, role=Role.TRAVELLER, valid_until=today + timedelta(days=5)
    )
    arriving = PersonFactory(first_name="Samir", last_name="Haddad")
    PlaceRoleFactory(
        person=arriving, place=place, role=Role.NOMAD, valid_from=today + timedelta(days=3)
    )
    later = PersonFactory(first_name="Lointain")
    PlaceRoleFactory(
        person=later, place=place, role=Role.NOMAD, valid_from=today + timedelta(days=30)
    )
    audit_record(actor=concierge, verb="place.updated", target=place, place=place)
    elsewhere = PlaceFactory()
    audit_record(actor=None, verb="secret.elsewhere", target=elsewhere, place=elsewhere)

    response = client_for(concierge).get(URL)

    html = response.content.decode()
    boards = response.context["dashboards"]
    assert [board.place for board in boards] == [place]
    counts = dict(boards[0].role_counts)
    assert list(counts.values()) == [1, 0, 0, 2, 1, 0]  # Samir has not started yet; no treasurer
    assert "Victor Leroy" in html and "Samir Haddad" in html
    assert "Lointain" not in html
    with translation.override("fr"):
        assert verb_label("place.updated") in html  # the label, not the code
    assert "secret.elsewhere" not in html
    assert reverse("home:audit-list", kwargs={"slug": place.slug}) in html


def test_it_shows_an_occasional_concierge_the_dashboard_too(place):
    person = PersonFactory()
    PlaceRoleFactory(person=person, place=place, role=Role.CONCIERGE_OCCASIONAL)
    response = client_for(person).get(URL)
    assert [board.place for board in response.context["dashboards"]] == [place]


def test_it_shows_a_network_admin_the_dashboard_of_every_place():
    places = PlaceFactory.create_batch(2)
    admin = PersonFactory(is_superuser=True, is_staff=True)
    response = client_for(admin).get(URL)
    assert {board.place for board in response.context["dashboards"]} == set(places)


@pytest.mark.parametrize("count", [3, 10])
def test_it_costs_a_concierge_the_same_queries_whatever_the_data(
    count, place, concierge, django_assert_num_queries
):
    today = timezone.localdate()
    for n in range(count):
        PlaceRoleFactory(place=place, role=Role.NOMAD)
        PlaceRoleFactory(
            place=place, role=Role.TRAVELLER, valid_until=today + timedelta(days=n % 7)
        )
        audit_record(actor=concierge, verb=f"test.{n}", target=place, place=place)
    client = client_for(concierge)
    # session, user, my roles, permission cache, role counts, role changes, visits per day
    # (the chart), latest events
    with django_assert_num_queries(8):
        response = client.get(URL)
    assert len(response.context["events"]) == min(count, 10)
