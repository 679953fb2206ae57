from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.desk_tokens import person_id_from_token
from comptoir.places.tests.factories import PlaceFactory
from comptoir.presence.tests.views.conftest import let_in, member_of, sell_url

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("presence:kiosk", args=[place.slug])


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", [Role.NOMAD, Role.RESIDENT, Role.TRAVELLER])
def test_members_who_are_not_concierges_are_refused(login, place, role):
    assert login(member_of(place, role)).get(url(place)).status_code == 403


def test_a_concierge_of_another_place_is_refused(login, place):
    elsewhere = PersonFactory()
    PlaceRoleFactory(person=elsewhere, place=PlaceFactory(), role=Role.CONCIERGE_PERMANENT)
    assert login(elsewhere).get(url(place)).status_code == 403


def test_an_unknown_place_is_a_404(concierge_client):
    response = concierge_client.get(reverse("presence:kiosk", args=["nulle-part"]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL])
def test_concierges_get_the_desk(login, place, role):
    response = login(member_of(place, role)).get(url(place))
    assert response.status_code == 200
    body = response.content.decode()
    # The search "as you type", the scan box, and the status region for the outcomes.
    assert 'hx-trigger="input changed delay:250ms, search"' in body
    assert 'name="card"' in body
    assert 'id="kiosk-outcome"' in body and 'role="status"' in body
    assert '<label for="kiosk-q">' in body and '<label for="kiosk-card">' in body


def test_the_search_answers_the_results_partial_for_htmx(concierge_client, place, nomad, htmx):
    response = concierge_client.get(url(place), {"q": "nina"}, **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="kiosk-results"')
    assert "Nina Martin" in body
    assert "<html" not in body


def test_a_row_says_what_lets_the_person_in(concierge_client, place, nomad, sell_book, htmx):
    sell_book(nomad)
    body = concierge_client.get(url(place), {"q": "Nina Mar"}, **htmx).content.decode()
    assert "Nina Martin" in body
    assert "10" in body  # tickets left in the book
    assert "Nomade" in body or "Nomad" in body  # the role here
    assert f'name="person" value="{nomad.pk}"' in body
    sell = sell_url(place)
    if sell is not None:
        # The sale page is given the person the desk found as a signed token, not a number.
        [token] = re.findall(rf'href="{re.escape(sell)}\?person=([^"&]+)"', body)
        assert person_id_from_token(unquote(token)) == nomad.pk
    assert 'name="override_reason"' in body and "required" in body


def test_a_row_without_access_says_so(concierge_client, place, htmx):
    member_of(place, first_name="Sans", last_name="Rien")
    body = concierge_client.get(url(place), {"q": "sans rien"}, **htmx).content.decode()
    assert "Sans Rien" in body
    assert "badge closed" in body


def test_someone_already_here_has_a_check_out_button(concierge_client, concierge, place, nomad):
    visit = let_in(nomad, place, concierge)
    body = concierge_client.get(url(place), {"q": "nina"}).content.decode()
    assert reverse("presence:check-out", args=[visit.pk]) in body
    assert f'name="person" value="{nomad.pk}"' not in body


def test_the_page_lists_everyone_here_now(concierge_client, concierge, place):
    hidden = member_of(place, first_name="Discret", show_presence=False)
    let_in(hidden, place, concierge)
    body = concierge_client.get(url(place)).content.decode()
    # Concierges see everyone, opted in or not, each with a checkout button.
    assert "Discret" in body
    assert reverse("presence:check-out", args=[hidden.visits.get().pk]) in body


def _people(place, count):
    return [
        member_of(place, Role.RESIDENT, first_name=f"Zoé{n}", last_name="Lambert")
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [3, 15])
def test_search_query_count_does_not_grow(
    concierge_client, place, sell_book, django_assert_num_queries, htmx, count
):
    for person in _people(place, count)[:3]:
        sell_book(person)
    # session, user, the place with the viewer's roles, the first matches tied to the
    # places the concierge serves (the privacy rule) with their open visit, day pass and
    # roles here, their books, their own and their structures' subscriptions.
    with django_assert_num_queries(6):
        response = concierge_client.get(url(place), {"q": "lambert"}, **htmx)
    assert response.status_code == 200
    # At most 12 results: the desk asks for a more precise name beyond.
    assert response.content.decode().count('class="card kiosk-row"') == min(count, 12)


@pytest.mark.parametrize("count", [3, 15])
def test_full_page_query_count_does_not_grow(
    concierge_client, concierge, place, django_assert_num_queries, count
):
    for person in _people(place, count):
        let_in(person, place, concierge)
    # The search's 6, and who is here now.
    with django_assert_num_queries(7):
        response = concierge_client.get(url(place), {"q": "lambert"})
    assert response.status_code == 200
    assert response.content.decode().count("Zoé") >= 2 * min(count, 12)


# --- Privacy: the desk finds by name only the people tied to the places one serves -----------


def _stranger(**fields):
    """Someone with no role, visit, booking, registration or purchase at the place."""
    elsewhere = PlaceFactory()
    return member_of(elsewhere, first_name="Zélie", last_name="Lointaine", **fields)


def test_a_name_does_not_find_someone_tied_only_to_another_place(concierge_client, place, htmx):
    stranger = _stranger(email="zelie@ailleurs.example")
    body = concierge_client.get(url(place), {"q": "Zélie"}, **htmx).content.decode()
    assert "Lointaine" not in body
    body = concierge_client.get(url(place), {"q": "ailleurs"}, **htmx).content.decode()
    assert stranger.email not in body


def test_their_whole_email_finds_them_whatever_the_case(concierge_client, place, htmx):
    stranger = _stranger(email="zelie@ailleurs.example")
    body = concierge_client.get(url(place), {"q": " Zelie@Ailleurs.example "}, **htmx)
    assert f'name="person" value="{stranger.pk}"' in body.content.decode()


def test_once_checked_in_they_are_found_by_name(concierge_client, concierge, place, htmx):
    stranger = _stranger()
    let_in(stranger, place, concierge)
    body = concierge_client.get(url(place), {"q": "Zélie"}, **htmx).content.decode()
    assert "Zélie Lointaine" in body


def test_a_network_admin_finds_anyone_by_name(login, place, htmx):
    admin = PersonFactory(is_superuser=True, is_staff=True)
    stranger = _stranger()
    body = login(admin).get(url(place), {"q": "Zélie"}, **htmx).content.decode()
    assert f'name="person" value="{stranger.pk}"' in body


def test_tied_people_are_found_behind_untied_namesakes_within_the_candidates(
    concierge_client, concierge, place, htmx, monkeypatch
):
    from comptoir.presence import selectors

    monkeypatch.setattr(selectors, "KIOSK_CANDIDATES", 5)
    elsewhere = PlaceFactory()
    for n in range(4):  # sorted before the tied one: "Zoé A…" < "Zoé Z…"
        member_of(elsewhere, first_name="Zoé", last_name=f"A{n}")
    tied = member_of(place, first_name="Zoé", last_name="Zed")
    body = concierge_client.get(url(place), {"q": "Zoé"}, **htmx).content.decode()
    assert f'id="kiosk-person-{tied.pk}"' in body and "A0" not in body
    member_of(elsewhere, first_name="Zoé", last_name="A9")  # now 5 namesakes: beyond 5
    body = concierge_client.get(url(place), {"q": "Zoé"}, **htmx).content.decode()
    assert f'id="kiosk-person-{tied.pk}"' not in body
    assert (
        f'id="kiosk-person-{tied.pk}"'
        in concierge_client.get(url(place), {"q": "Zoé Zed"}, **htmx).content.decode()
    )
