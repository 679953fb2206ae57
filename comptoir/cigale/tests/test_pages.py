"""The Cigale pages: the club with its fund and shares in few queries, the refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.cigale import services
from comptoir.cigale.models import Entry, Investment, Pledge
from comptoir.cigale.tests.factories import make_club
from comptoir.governance.services.proposals import position_take, proposal_close

pytestmark = pytest.mark.django_db


def test_the_club_page_reads_in_few_queries(place, login, django_assert_max_num_queries):
    club, people = make_club(place, members=20)
    for who in people:
        services.pledge_set(club=club, person=who, monthly_cents=2000, by=who)
        services.payment_record(club=club, person=who, amount_cents=2000, by=None)
    client = login(people[3])
    url = reverse("cigale:club", args=[place.slug, club.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "400,00" in response.content.decode()


def test_a_pledge_of_zero_is_refused(place, login):
    club, people = make_club(place)
    url = reverse("cigale:pledge", args=[place.slug, club.pk])
    assert login(people[1]).post(url, {"monthly": "0"}).status_code == 422
    assert login(people[1]).post(url, {"monthly": "-5"}).status_code == 422
    assert not Pledge.objects.exists()
    assert login(people[1]).post(url, {"monthly": "25"}).status_code == 302


def test_a_withdrawal_beyond_the_fund_is_refused(place, login):
    club, people = make_club(place)
    url = reverse("cigale:movement", args=[place.slug, club.pk])
    treasurer = login(people[0])
    data = {"person": people[1].pk, "kind": "payment", "amount": "10"}
    assert treasurer.post(url, data).status_code == 302
    data = {"person": people[1].pk, "kind": "withdrawal", "amount": "11"}
    assert treasurer.post(url, data).status_code == 422
    assert Entry.objects.count() == 1
    assert login(people[1]).post(url, data).status_code == 403


def test_an_investment_proposed_decided_and_made_through_the_pages(place, login):
    club, people = make_club(place)
    for who in people:
        services.payment_record(club=club, person=who, amount_cents=5000, by=None)
    closes = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = login(people[2]).post(
        reverse("cigale:invest", args=[place.slug, club.pk]),
        {"enterprise": "Atelier vélo", "amount": "200", "form": "loan", "closes_at": closes},
    )
    assert response.status_code == 302
    investment = Investment.objects.get()
    for who in people[:4]:
        position_take(proposal=investment.proposal, by=who, stance="agree")
    proposal_close(proposal=investment.proposal, by=people[2])
    make = reverse("cigale:investment-make", args=[place.slug, club.pk, investment.pk])
    assert login(people[3]).post(make).status_code == 403
    assert login(people[0]).post(make).status_code == 302
    club.refresh_from_db()
    assert club.balance_cents == 25000 - 20000


def test_outsiders_do_not_see_a_club(place, login, nomad):
    club, _people = make_club(place)
    assert login(nomad).get(reverse("cigale:club", args=[place.slug, club.pk])).status_code == 403
    year = timezone.localdate().year
    url = reverse("cigale:statement", args=[place.slug, club.pk, year])
    assert login(nomad).get(url).status_code == 403
    assert login(nomad).get(reverse("cigale:list", args=[place.slug])).status_code == 200
