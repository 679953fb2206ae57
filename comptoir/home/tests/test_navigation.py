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


def test_members_find_the_commons_and_strangers_only_the_public_ones(login, place) -> None:  # type: ignore[no-untyped-def]
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    header = _header(login(member), reverse("places:place-detail", args=[place.slug]))
    for name in (
        "givebox:box",
        "conciergerie:catalogue",
        "lending:catalogue",
        "exchange:board",
        "governance:register",
        "news:place",
    ):
        assert reverse(name, args=[place.slug]) in header, name
    for name in ("lending:my-loans", "conciergerie:my-requests", "membership:mine"):
        assert reverse(name) in header, name
    assert reverse("conciergerie:queue", args=[place.slug]) not in header
    # On the page of a place where they hold no role: its public pages only.
    other = PlaceFactory(name="Le Mixeur")
    header = _header(login(member), reverse("places:place-detail", args=[other.slug]))
    assert reverse("givebox:box", args=[other.slug]) in header
    assert reverse("news:place", args=[other.slug]) in header
    assert reverse("lending:catalogue", args=[other.slug]) not in header
    assert reverse("exchange:board", args=[other.slug]) not in header
    # Anonymous visitors on a place's page: the Give Box and the news.
    header = _header(Client(), reverse("places:place-detail", args=[place.slug]))
    assert reverse("givebox:box", args=[place.slug]) in header
    assert reverse("lending:my-loans") not in header


def test_concierges_find_the_queue_parcels_loans_and_roster(login, place, concierge) -> None:  # type: ignore[no-untyped-def]
    header = _header(login(concierge), reverse("community:profile"))
    for name in (
        "conciergerie:queue",
        "conciergerie:parcels",
        "lending:desk",
        "roster:month",
        "conciergerie:services",
        "givebox:moderation",
        "membership:register",
    ):
        assert reverse(name, args=[place.slug]) in header, name


def test_a_cigale_member_finds_their_club(login, place) -> None:  # type: ignore[no-untyped-def]
    from comptoir.cigale.tests.factories import make_club

    club, people = make_club(place, members=5, name="Cigale des Gaga")
    header = _header(login(people[1]), reverse("places:place-detail", args=[place.slug]))
    assert reverse("cigale:club", args=[place.slug, club.pk]) in header
    outsider = PersonFactory()
    PlaceRoleFactory(person=outsider, place=place, role=Role.RESIDENT)
    header = _header(login(outsider), reverse("places:place-detail", args=[place.slug]))
    assert reverse("cigale:club", args=[place.slug, club.pk]) not in header


def test_the_page_itself_is_marked_current_in_every_copy(login, place, concierge) -> None:  # type: ignore[no-untyped-def]
    # The menus are drawn once per process and the current link marked per request: the
    # page seen first must not stay marked on the next one.
    client = login(concierge)
    roles = reverse("community:role-list", args=[place.slug])
    resources = reverse("bookings:resources", args=[place.slug])
    header = _header(client, roles)
    assert header.count(f'<a href="{roles}" aria-current="page">') == 2  # desktop and mobile
    header = _header(client, resources)
    assert f'<a href="{roles}">' in header and f'<a href="{roles}" aria-current' not in header
    assert header.count(f'<a href="{resources}" aria-current="page">') == 2


def test_the_menus_speak_the_language_of_each_request(login, place, concierge) -> None:  # type: ignore[no-untyped-def]
    client = login(concierge)
    url = reverse("community:profile")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode().split("<main", 1)[0]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode().split("<main", 1)[0]
    assert "Nouvelle vente" in french and "Nouvelle vente" not in english
    assert "New sale" in english


def test_a_drawn_menu_never_shows_to_someone_with_other_rights(login, place, concierge) -> None:  # type: ignore[no-untyped-def]
    sell = reverse("access:sell", args=[place.slug])
    assert sell in _header(login(concierge), reverse("places:place-detail", args=[place.slug]))
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    header = _header(login(member), reverse("places:place-detail", args=[place.slug]))
    assert sell not in header and "concierge-nav" not in header
    header = _header(Client(), reverse("places:place-detail", args=[place.slug]))
    assert reverse("lending:my-loans") not in header
