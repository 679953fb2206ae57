"""The direct-debit pages of a place: its concierges and treasurers record and revoke
mandates, prepare the month's batch, download its pain.008 file (read back against the XSD)
and record a return; others get 403; bad input a translated error and a 422, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.debits.models import Batch, Creditor, Debit, Mandate
from comptoir.debits.tests.factories import (
    CREDITOR_ID,
    IBAN_LA_BANQUE_POSTALE,
    make_creditor,
    make_mandate,
    subscription_order,
)
from comptoir.debits.tests.test_services import _valid
from comptoir.invoicing.tests.factories import make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(place):
    who = PersonFactory(first_name="Théo", last_name="Trésorier")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return who


def _client(who) -> Client:
    client = Client()
    client.force_login(who)
    return client


def _mandate_data(person, **extra):
    return {
        "email": person.email,
        "iban": IBAN_LA_BANQUE_POSTALE,
        "signed_on": "2026-01-15",
        **extra,
    }


def test_a_concierge_records_and_revokes_a_mandate(place, concierge, person):
    make_creditor(place)
    client = _client(concierge)
    page = client.get(reverse("debits:mandates", args=[place.slug]))
    assert page.status_code == 200
    assert "Enregistrer un mandat" in page.content.decode()
    answer = client.post(
        reverse("debits:mandate-create", args=[place.slug]), _mandate_data(person), follow=True
    )
    mandate = Mandate.objects.get()
    assert (mandate.person, mandate.bic, mandate.created_by) == (person, "PSSTFRPP", concierge)
    assert mandate.reference in answer.content.decode()
    client.post(reverse("debits:mandate-revoke", args=[place.slug, mandate.pk]))
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.REVOKED


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"iban": "FR1420041010050500013M02607"}, "IBAN n’est pas valide"),
        ({"signed_on": ""}, "date de sa signature"),
        ({"signed_on": "2999-01-01"}, ""),
        ({"email": "personne@example.org"}, "Personne n’a cette adresse"),
        ({"reference": "RUM <script>"}, "référence de mandat"),
        ({"bic": "PSST"}, "BIC n’est pas valide"),
    ],
)
def test_bad_mandates_are_a_field_error_and_save_nothing(place, concierge, person, extra, message):
    make_creditor(place)
    answer = _client(concierge).post(
        reverse("debits:mandate-create", args=[place.slug]), _mandate_data(person, **extra)
    )
    assert answer.status_code == 422
    assert message in answer.content.decode()
    assert not Mandate.objects.exists()


def test_the_treasurer_sets_the_creditor_details_a_concierge_cannot(place, concierge, treasurer):
    make_seller(place)
    data = {
        "creditor-creditor_id": "FR72ZZZ123456",
        "creditor-iban": "FR7630006000011234567890189",
        "creditor-bic": "",
    }
    url = reverse("debits:creditor", args=[place.slug])
    assert _client(concierge).post(url, data).status_code == 403
    assert (
        _client(treasurer).post(url, {**data, "creditor-creditor_id": "FR00ZZZ1"}).status_code
        == 422
    )
    assert not Creditor.objects.exists()
    assert _client(treasurer).post(url, data).status_code == 302
    assert Creditor.objects.get().creditor_id == CREDITOR_ID


def test_the_treasurer_prepares_the_batch_downloads_it_and_records_a_return(
    place, concierge, treasurer, person
):
    make_creditor(place)
    make_mandate(place, person, concierge)
    order = subscription_order(place, concierge, person, 18000)
    client = _client(treasurer)
    month = timezone.localdate().strftime("%Y-%m")
    answer = client.post(reverse("debits:batch-create", args=[place.slug]), {"month": month})
    batch = Batch.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("debits:batch-detail", args=[place.slug, batch.pk])
    again = client.post(reverse("debits:batch-create", args=[place.slug]), {"month": month})
    assert again.status_code == 422 and "déjà été préparé" in again.content.decode()
    listing = client.get(reverse("debits:batches", args=[place.slug]))
    assert reverse("debits:batch-xml", args=[place.slug, batch.pk]) in listing.content.decode()
    download = client.get(reverse("debits:batch-xml", args=[place.slug, batch.pk]))
    assert download["Content-Type"].startswith("application/xml")
    assert f"prelevements-{month}.xml" in download["Content-Disposition"]
    _valid(download.content.decode())
    debit = Debit.objects.get()
    detail = client.get(reverse("debits:batch-detail", args=[place.slug, batch.pk]))
    assert debit.end_to_end_id in detail.content.decode()
    url = reverse("debits:debit-return", args=[place.slug, debit.pk])
    bad = client.post(url, {f"d{debit.pk}-reason": "XX99"})
    assert bad.status_code == 422
    client.post(url, {f"d{debit.pk}-reason": "AM04"})
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    # The desk's payments of the order and the member's statement say so.
    payments = _client(concierge).get(reverse("invoicing:order-payments", args=[order.pk]))
    assert "rejeté (impayé)" in payments.content.decode()
    statement = _client(person).get(reverse("invoicing:my-statement"))
    assert "Prélèvement rejeté (impayé)" in statement.content.decode()


def test_a_batch_with_nothing_to_collect_is_a_422(place, treasurer):
    make_creditor(place)
    answer = _client(treasurer).post(
        reverse("debits:batch-create", args=[place.slug]),
        {"month": timezone.localdate().strftime("%Y-%m")},
    )
    assert answer.status_code == 422 and "Rien à prélever" in answer.content.decode()
    bad = _client(treasurer).post(
        reverse("debits:batch-create", args=[place.slug]), {"month": "2026-13"}
    )
    assert bad.status_code == 422 and not Batch.objects.exists()


def test_members_are_refused(place, person):
    make_creditor(place)
    PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
    client = _client(person)
    for name in ("debits:mandates", "debits:batches"):
        assert client.get(reverse(name, args=[place.slug])).status_code == 403


def test_the_pages_keep_their_query_counts(place, concierge, django_assert_max_num_queries):
    make_creditor(place)
    for _ in range(4):
        member = PersonFactory()
        make_mandate(place, member, concierge, signed_on=dt.date(2026, 1, 2))
        subscription_order(place, concierge, member)
    from comptoir.debits.services import batch_create

    batch = batch_create(place=place, month=timezone.localdate(), by=concierge)
    client = _client(concierge)
    for url in (
        reverse("debits:mandates", args=[place.slug]),
        reverse("debits:batches", args=[place.slug]),
        reverse("debits:batch-detail", args=[place.slug, batch.pk]),
    ):
        client.get(url)  # the session and roles cached
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
