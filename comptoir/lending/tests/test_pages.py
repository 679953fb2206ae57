"""The library's pages: who sees what, a reservation through the page (refused with a 4xx
when too long or past, nothing saved), the desk's hand-over and return, the QR label, the
overdue list, and their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.lending import services
from comptoir.lending.models import Item, Loan
from comptoir.lending.tests.factories import make_item, make_loan, make_overdue

pytestmark = pytest.mark.django_db


def url(name: str, place, **kwargs) -> str:
    return reverse(f"lending:{name}", kwargs={"slug": place.slug, **kwargs})


def test_members_see_the_catalogue_and_strangers_do_not(place, concierge, nomad, login):
    make_item(place, concierge)
    assert login(nomad).get(url("catalogue", place)).status_code == 200
    assert login(PersonFactory()).get(url("catalogue", place)).status_code == 403
    assert login(nomad).get(url("desk", place)).status_code == 403


def test_a_member_reserves_through_the_item_page(place, concierge, nomad, login):
    item = make_item(place, concierge, max_loan_days=3)
    today = services.place_today(place)
    client = login(nomad)
    page = url("reserve", place, pk=item.pk)
    too_long = {"starts_on": today, "due_on": today + dt.timedelta(days=5)}
    response = client.post(page, too_long)
    assert response.status_code == 422 and "3" in response.content.decode()
    past = {"starts_on": today, "due_on": today - dt.timedelta(days=1)}
    assert client.post(page, past).status_code == 422
    assert client.post(page, {"starts_on": "garbage"}).status_code == 422
    assert not Loan.objects.exists()
    ok = {"starts_on": today, "due_on": today + dt.timedelta(days=2)}
    assert client.post(page, ok).status_code == 302
    taken = client.post(page, ok)
    assert taken.status_code == 409 and Loan.objects.count() == 1


def test_the_desk_hands_over_and_takes_back_late(place, concierge, nomad, login):
    item = make_item(place, concierge, deposit_cents=5000)
    loan = make_loan(item, nomad, nomad)
    desk = login(concierge)
    response = desk.post(url("check-out", place, pk=loan.pk), {"deposit_method": "cash"})
    assert response.status_code == 302
    make_overdue(Loan.objects.get(pk=loan.pk))
    overdue = desk.get(url("overdue", place))
    assert item.name in overdue.content.decode()
    back = desk.post(
        url("return", place, pk=loan.pk), {"condition": "worn", "damage": "Câble abîmé"}
    )
    assert back.status_code == 302
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.RETURNED
    again = desk.post(url("return", place, pk=loan.pk), {"condition": "worn"})
    assert again.status_code == 409


def test_the_qr_label_is_an_svg_of_the_item_page(place, concierge, login):
    item = make_item(place, concierge)
    response = login(concierge).get(url("item-label", place, pk=item.pk))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


def test_my_loans_and_cancelling_a_reservation(place, concierge, nomad, login):
    loan = make_loan(make_item(place, concierge), nomad, nomad)
    client = login(nomad)
    assert "Vidéoprojecteur" in client.get(reverse("lending:my-loans")).content.decode()
    stranger = login(PersonFactory())
    assert stranger.post(reverse("lending:loan-cancel", args=[loan.pk])).status_code == 404
    assert client.post(reverse("lending:loan-cancel", args=[loan.pk])).status_code == 302
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.CANCELLED


def test_the_pages_query_counts_do_not_grow_with_the_items(
    place, concierge, nomad, login, django_assert_max_num_queries
):
    client = login(concierge)
    items = [make_item(place, concierge, name=f"Objet {n}") for n in range(8)]
    for item in items[:4]:
        services.loan_check_out(loan=make_loan(item, nomad, nomad), by=concierge)
    pages = (
        url("catalogue", place),
        url("item", place, pk=items[0].pk),
        url("desk", place),
        url("item-edit", place, pk=items[0].pk),
    )
    for page in pages:
        with django_assert_max_num_queries(12):
            assert client.get(page).status_code == 200


def test_the_owner_or_a_concierge_changes_an_item(place, concierge, nomad, login):
    item = make_item(place, concierge, owner=nomad, deposit_cents=1000)
    page = url("item-edit", place, pk=item.pk)
    other = PersonFactory()
    PlaceRoleFactory(person=other, place=place, role="nomad")
    assert login(other).get(page).status_code == 403
    assert login(other).post(page, {"name": "Volé"}).status_code == 403
    assert login(nomad).get(url("item-edit", place, pk=item.pk + 999)).status_code == 404
    owner = login(nomad)
    form = owner.get(page)
    assert form.status_code == 200 and 'value="Vidéoprojecteur"' in form.content.decode()
    changed = {
        "name": "Vidéoprojecteur HD",
        "condition": "worn",
        "deposit_euros": "25.50",
        "max_loan_days": "10",
        "description": "Avec câble HDMI",
    }
    assert owner.post(page, changed).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.condition, item.deposit_cents, item.max_loan_days) == (
        "Vidéoprojecteur HD",
        "worn",
        2550,
        10,
    )
    assert not item.is_active and item.description == "Avec câble HDMI"
    desk = login(concierge)
    assert desk.post(page, {**changed, "is_active": "on"}).status_code == 302
    assert Item.objects.get(pk=item.pk).is_active


def test_a_bad_item_change_is_refused_in_french_and_saves_nothing(place, concierge, login):
    item = make_item(place, concierge)
    page = url("item-edit", place, pk=item.pk)
    client = login(concierge)
    for bad in (
        {"name": " ", "condition": "good", "deposit_euros": "0", "max_loan_days": "7"},
        {"name": "x", "condition": "shiny", "deposit_euros": "0", "max_loan_days": "7"},
        {"name": "x", "condition": "good", "deposit_euros": "-3", "max_loan_days": "7"},
        {"name": "x", "condition": "good", "deposit_euros": "0", "max_loan_days": "400"},
        {"name": "x", "condition": "good", "deposit_euros": "abc", "max_loan_days": "7"},
    ):
        response = client.post(page, bad, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 422, bad
        assert 'aria-invalid="true"' in response.content.decode(), bad
    nul = {"name": "x\x00", "condition": "good", "deposit_euros": "0", "max_loan_days": "7"}
    assert client.post(page, nul).status_code == 400  # refused before the view (core.inputs)
    blank = client.post(page, {"name": " ", "condition": "good", "max_loan_days": "7"})
    assert "Ce champ est obligatoire." in blank.content.decode()
    item.refresh_from_db()
    assert (item.name, item.condition, item.max_loan_days) == ("Vidéoprojecteur", "good", 7)
