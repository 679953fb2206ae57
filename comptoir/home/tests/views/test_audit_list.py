from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.audit import verb_label
from comptoir.core.services import audit_record
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("home:audit-list", kwargs={"slug": place.slug})


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


def test_it_sends_anonymous_visitors_to_the_login_page(place):
    response = Client().get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", [Role.NOMAD, Role.RESIDENT])
def test_it_forbids_members_who_are_not_concierges(place, role):
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=role)
    assert client_for(member).get(url(place)).status_code == 403


def test_it_forbids_the_concierge_of_another_place(place):
    other = PersonFactory()
    PlaceRoleFactory(person=other, place=PlaceFactory(), role=Role.CONCIERGE_PERMANENT)
    assert client_for(other).get(url(place)).status_code == 403


def test_it_shows_the_events_of_the_place_only(place, concierge):
    audit_record(actor=concierge, verb="place.updated", target=place, place=place)
    elsewhere = PlaceFactory()
    audit_record(actor=concierge, verb="secret.elsewhere", target=elsewhere, place=elsewhere)

    response = client_for(concierge).get(url(place))

    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("fr"):
        assert verb_label("place.updated") in html  # the label, not the code
    assert "secret.elsewhere" not in html
    assert 'id="audit-rows"' in html


def test_it_is_open_to_occasional_concierges_and_network_admins(place):
    occasional = PersonFactory()
    PlaceRoleFactory(person=occasional, place=place, role=Role.CONCIERGE_OCCASIONAL)
    assert client_for(occasional).get(url(place)).status_code == 200
    admin = PersonFactory(is_superuser=True)
    assert client_for(admin).get(url(place)).status_code == 200


def test_it_filters_by_verb_and_by_actor_email(place, concierge):
    paul = PersonFactory(email="paul@comptoir.test")
    audit_record(actor=concierge, verb="role.assigned", target=place, place=place)
    audit_record(actor=paul, verb="role.ended", target=place, place=place)
    audit_record(actor=paul, verb="place.updated", target=place, place=place)
    client = client_for(concierge)

    by_verb = client.get(url(place), {"verb": "role.ended"}).context["page"].object_list
    assert [event.verb for event in by_verb] == ["role.ended"]
    by_actor = client.get(url(place), {"actor": "PAUL@"}).context["page"].object_list
    assert {event.verb for event in by_actor} == {"role.ended", "place.updated"}
    both = client.get(url(place), {"verb": "role.", "actor": "paul"}).context["page"].object_list
    assert [event.verb for event in both] == ["role.ended"]


def test_it_answers_htmx_with_the_rows_partial_only(place, concierge):
    audit_record(actor=concierge, verb="place.updated", target=place, place=place)
    response = client_for(concierge).get(
        url(place), {"verb": "place.updated"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="audit-rows"')
    assert "<h1>" not in html and "<html" not in html
    with translation.override("fr"):
        assert verb_label("place.updated") in html  # the label, not the code


def test_it_paginates(place, concierge, settings):
    settings.COMPTOIR_PAGE_SIZE = 5
    for n in range(7):
        audit_record(actor=concierge, verb=f"test.{n}", target=place, place=place)
    client = client_for(concierge)
    assert len(client.get(url(place)).context["page"].object_list) == 5
    assert len(client.get(url(place), {"page": 2}).context["page"].object_list) == 2
    assert client.get(url(place), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("count", [3, 10])
def test_it_costs_the_same_queries_whatever_the_number_of_events(
    count, place, concierge, django_assert_num_queries
):
    for n in range(count):
        actor = PersonFactory()
        audit_record(actor=actor, verb=f"test.{n}", target=place, place=place)
    client = client_for(concierge)
    # session, user, place, permission cache, verbs, count, page
    with django_assert_num_queries(7):
        client.get(url(place))
    with django_assert_num_queries(6):  # htmx: no verb list
        client.get(url(place), headers={"HX-Request": "true"})
