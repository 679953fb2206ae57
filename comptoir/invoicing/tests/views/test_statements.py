"""The statement pages: one's own from the profile, a structure's for its managers and the
network admins, a person's at a place for its concierges (that place's documents only);
each in a bounded number of queries whatever the number of documents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.community.tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
)
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.payments import payment_record
from comptoir.invoicing.tests.factories import line, make_order, make_seller

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12


@pytest.fixture
def structure(person):
    organization = OrganizationFactory(name="Zoomacom")
    AffiliationFactory(person=person, organization=organization, is_manager=True)
    return organization


def sell(place, concierge, buyer, cents=2000, **fields):
    order = make_order(place, concierge, buyer, line(cents), **fields)
    invoice = invoice_issue(order=order, by=concierge)
    payment_record(order=order, means="cheque", amount_cents=500, by=concierge)
    return invoice


def test_my_statement_lists_my_invoices_and_what_is_due(login, place, concierge, person):
    make_seller(place)
    invoice = sell(place, concierge, person)
    response = login(person).get(reverse("invoicing:my-statement"))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ("Mon relevé de compte", invoice.number, "20,00", "15,00", "Reste dû"):
        assert expected in text, expected


def test_the_profile_links_to_my_statement(login, person):
    response = login(person).get(reverse("community:profile"))
    assert reverse("invoicing:my-statement") in response.content.decode()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("invoicing:my-statement"))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_a_structures_manager_reads_its_statement(login, place, concierge, person, structure):
    make_seller(place)
    invoice = sell(place, concierge, person, 9000, buyer_organization=structure)
    mine = sell(place, concierge, person, 1000)
    url = reverse("invoicing:organization-statement", args=[structure.slug])
    text = login(person).get(url).content.decode()
    assert invoice.number in text and mine.number not in text
    detail = login(person).get(reverse("community:organization-detail", args=[structure.slug]))
    assert url in detail.content.decode()


def test_others_may_not_read_a_structures_statement(login, structure, superuser):
    url = reverse("invoicing:organization-statement", args=[structure.slug])
    member = PersonFactory()
    AffiliationFactory(person=member, organization=structure, is_manager=False)
    assert login(member).get(url).status_code == 403
    assert login(superuser).get(url).status_code == 200
    missing = reverse("invoicing:organization-statement", args=["inconnue"])
    assert login(superuser).get(missing).status_code == 404


def test_a_concierge_reads_a_persons_statement_at_their_place_only(
    login, place, sister_place, concierge, sister_concierge, person
):
    make_seller(place)
    make_seller(sister_place)
    here = sell(place, concierge, person)
    sell(sister_place, sister_concierge, person, 3300)
    url = reverse("invoicing:person-statement", args=[place.slug, person.pk])
    text = login(concierge).get(url).content.decode()
    assert here.number in text and "20,00" in text and "33,00" not in text
    # Not the concierge of this place: a 404, as for someone they may not see.
    other = reverse("invoicing:person-statement", args=[sister_place.slug, person.pk])
    assert login(concierge).get(other).status_code == 404
    assert login(person).get(url).status_code == 404


def test_a_concierge_does_not_see_someone_not_tied_to_the_place(login, place, concierge):
    stranger = PersonFactory()
    url = reverse("invoicing:person-statement", args=[place.slug, stranger.pk])
    assert login(concierge).get(url).status_code == 404


@pytest.mark.parametrize("sales", [1, 8])
def test_the_pages_queries_do_not_grow(
    sales, login, place, concierge, person, structure, django_assert_max_num_queries
):
    make_seller(place)
    for _ in range(sales):
        sell(place, concierge, person)
        sell(place, concierge, person, buyer_organization=structure)
    urls = [
        (person, reverse("invoicing:my-statement")),
        (person, reverse("invoicing:organization-statement", args=[structure.slug])),
        (concierge, reverse("invoicing:person-statement", args=[place.slug, person.pk])),
    ]
    for who, url in urls:
        client = login(who)
        client.get(url)  # the session and the caches warm
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200
