"""The header's menus by role (issue 14 pt 2), and what they cost: nothing more than the
page did before."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _header(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split("<main", 1)[0]


def test_visitors_get_the_members_menus_but_booking_and_no_concierge_row() -> None:
    header = _header(Client(), reverse("places:place-list"))
    assert 'aria-label="Main"' in header or 'aria-label="Principale"' in header
    assert reverse("agenda:network") in header and reverse("projects:list") in header
    assert reverse("bookings:my-bookings") not in header
    assert "concierge-nav" not in header


def test_a_member_gets_their_places_and_no_concierge_row(login, place) -> None:  # type: ignore[no-untyped-def]
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    header = _header(login(member), reverse("community:profile"))
    assert "place-switcher" in header and place.name in header
    assert reverse("bookings:place-day", args=[place.slug]) in header
    assert "concierge-nav" not in header
    assert reverse("access:sell", args=[place.slug]) not in header


def test_a_concierge_gets_the_desk_sales_reports_and_settings(login, place, concierge) -> None:  # type: ignore[no-untyped-def]
    header = _header(login(concierge), reverse("community:profile"))
    assert "concierge-nav" in header
    for name in ("presence:kiosk", "access:sell", "agenda:report", "community:role-list"):
        assert reverse(name, args=[place.slug]) in header, name
    # A permanent concierge edits the place; only treasurers see the closings.
    assert reverse("places:place-edit", args=[place.slug]) in header
    assert reverse("invoicing:closing-list", args=[place.slug]) not in header


def test_the_menus_follow_the_place_of_the_page(login, place) -> None:  # type: ignore[no-untyped-def]
    other = PlaceFactory(name="Le Mixeur")
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    PlaceRoleFactory(person=member, place=other, role=Role.CONCIERGE_OCCASIONAL)
    client = login(member)
    # Off a place's pages: the place the person serves.
    assert reverse("access:sell", args=[other.slug]) in _header(client, reverse("home:home"))
    # On a place's page: that place, where they are a resident only.
    header = _header(client, reverse("places:place-detail", args=[place.slug]))
    assert reverse("bookings:place-day", args=[place.slug]) in header
    assert "concierge-nav" not in header


def test_a_role_given_after_login_shows_on_the_places_pages_at_once(login, place) -> None:  # type: ignore[no-untyped-def]
    member = PersonFactory()
    client = login(member)
    assert "place-switcher" not in _header(client, reverse("community:profile"))
    PlaceRoleFactory(person=member, place=place, role=Role.CONCIERGE_PERMANENT)
    # The place's pages read the roles: the menus use them.
    header = _header(client, reverse("community:role-list", args=[place.slug]))
    assert "concierge-nav" in header and "place-switcher" in header


def test_the_menus_add_no_query_to_a_page_that_reads_no_role(
    login,
    place,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    client = login(member)  # the roles are remembered in the session at login
    with django_assert_num_queries(2):  # session, user
        html = client.get(reverse("presence:my-card")).content.decode()
    assert place.name in html.split("<main", 1)[0]
