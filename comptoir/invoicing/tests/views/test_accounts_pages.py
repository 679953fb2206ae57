"""The treasurer's pages: the closings of the place's entity (list and form) and the FEC
download; for the place's treasurers and the network admins, not its concierges (403), an
unknown place 404; bad input a translated field error and a 422, nothing closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.invoicing.models import Closing
from comptoir.invoicing.services import invoice_issue
from comptoir.invoicing.services.closings import closing_close
from comptoir.invoicing.tests.factories import make_order, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(place):
    who = PersonFactory(first_name="Théo", last_name="Trésorier")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return who


@pytest.fixture
def treasurer_client(treasurer) -> Client:
    client = Client()
    client.force_login(treasurer)
    return client


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def test_the_treasurer_closes_yesterday_from_the_page(treasurer_client, place, treasurer):
    seller = make_seller(place)
    url = reverse("invoicing:closing-list", args=[place.slug])
    page = treasurer_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Clôturer une période" in text and "Aucune période clôturée" in text
    response = treasurer_client.post(
        reverse("invoicing:closing-create", args=[place.slug]),
        {"kind": "day", "day": yesterday().isoformat()},
        follow=True,
    )
    closing = Closing.objects.get()
    assert (closing.seller, closing.period_start, closing.closed_by) == (
        seller,
        yesterday(),
        treasurer,
    )
    text = response.content.decode()
    assert "Clôture enregistrée" in text and closing.hash[:12] in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "day", "day": "today"}, "date valide"),
        ({"kind": "week", "day": "2025-01-01"}, "Sélectionnez un choix valide"),
        ({"day": "2025-01-01"}, "Choisissez un jour, un mois ou une année"),
        ({"kind": "day", "day": "1200-01-01"}, ""),
        ({"kind": "month", "day": "2999-01-01"}, ""),
        ({"kind": "year", "day": "2025-06-01"}, "Clôturez chaque mois"),
        ({"kind": "day", "day": "%TODAY%"}, "Seule une période terminée"),
    ],
)
def test_bad_input_is_a_field_error_and_closes_nothing(treasurer_client, place, data, message):
    make_seller(place)
    data = {k: v.replace("%TODAY%", timezone.localdate().isoformat()) for k, v in data.items()}
    response = treasurer_client.post(reverse("invoicing:closing-create", args=[place.slug]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Closing.objects.exists()


def test_closing_twice_says_so(treasurer_client, place):
    seller = make_seller(place)
    closing_close(seller_id=seller.pk, kind="day", day=yesterday(), by=None)
    response = treasurer_client.post(
        reverse("invoicing:closing-create", args=[place.slug]),
        {"kind": "day", "day": yesterday().isoformat()},
    )
    assert response.status_code == 422
    assert "déjà clôturée" in response.content.decode()
    assert Closing.objects.count() == 1


def test_a_place_without_legal_entity(treasurer_client, place):
    response = treasurer_client.post(
        reverse("invoicing:closing-create", args=[place.slug]),
        {"kind": "day", "day": yesterday().isoformat()},
    )
    assert response.status_code == 422
    assert "n’a pas de structure juridique" in response.content.decode()
    assert (
        treasurer_client.get(reverse("invoicing:closing-list", args=[place.slug])).status_code
        == 200
    )
    fec = treasurer_client.get(reverse("invoicing:fec", args=[place.slug]), {"year": "2025"})
    assert fec.status_code == 422


def test_the_list_shows_the_closings(treasurer_client, place):
    seller = make_seller(place)
    closing = closing_close(seller_id=seller.pk, kind="month", day=dt.date(2025, 2, 1), by=None)
    text = treasurer_client.get(
        reverse("invoicing:closing-list", args=[place.slug])
    ).content.decode()
    assert closing.hash[:12] in text and "Mois" in text


@pytest.mark.parametrize("route", ["closing-list", "fec"])
def test_concierges_and_members_are_refused(concierge_client, member_client, place, route):
    make_seller(place)
    url = reverse(f"invoicing:{route}", args=[place.slug])
    assert concierge_client.get(url).status_code == 403
    assert member_client.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the login page


def test_a_concierge_cannot_close(concierge_client, place):
    make_seller(place)
    response = concierge_client.post(
        reverse("invoicing:closing-create", args=[place.slug]),
        {"kind": "day", "day": yesterday().isoformat()},
    )
    assert response.status_code == 403
    assert not Closing.objects.exists()


def test_an_unknown_place_is_404(treasurer_client):
    assert treasurer_client.get(reverse("invoicing:fec", args=["inconnu"])).status_code == 404


def test_the_treasurer_downloads_the_fec(treasurer_client, place, concierge, person):
    seller = make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    url = reverse("invoicing:fec", args=[place.slug])
    form = treasurer_client.get(url)
    assert form.status_code == 200 and "Télécharger le FEC" in form.content.decode()
    year = invoice.issue_date.year
    response = treasurer_client.get(url, {"year": str(year)})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    name = f"{seller.siret[:9]}FEC{year}1231.txt"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("JournalCode\tJournalLib\tEcritureNum")
    assert len(lines) == 1 + 3 and all(invoice.number in line for line in lines[1:])


@pytest.mark.parametrize("year", ["", "deux mille", "1899", "2200", "2025.5", "-1"])
def test_a_bad_year_is_a_field_error(treasurer_client, place, year):
    make_seller(place)
    response = treasurer_client.get(reverse("invoicing:fec", args=[place.slug]), {"year": year})
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()


def test_the_verification_page_checks_the_closings_too(concierge_client, place):
    seller = make_seller(place)
    closing_close(seller_id=seller.pk, kind="day", day=yesterday(), by=None)
    text = concierge_client.get(
        reverse("invoicing:chain-verify", args=[place.slug])
    ).content.decode()
    assert "Clôtures" in text and text.count("Intacte") == 1


def test_the_treasurer_sets_the_chart_of_accounts(treasurer_client, place, concierge, person):
    from comptoir.invoicing.models import InvoicingProfile

    seller = make_seller(place)
    invoice = invoice_issue(order=make_order(place, concierge, person), by=concierge)
    page = treasurer_client.get(reverse("invoicing:fec", args=[place.slug])).content.decode()
    assert "Plan comptable" in page and "Par défaut : 706 (Prestations de services)." in page
    response = treasurer_client.post(
        reverse("invoicing:chart-update", args=[place.slug]),
        {"revenue": "7061", "bank": " ", "customers": "411"},
        follow=True,
    )
    assert "Plan comptable enregistré" in response.content.decode()
    # Only what differs from the defaults is kept.
    assert InvoicingProfile.objects.get(organization=seller).accounts == {"revenue": "7061"}
    text = treasurer_client.get(
        reverse("invoicing:fec", args=[place.slug]), {"year": invoice.issue_date.year}
    ).content.decode()
    assert "\t7061\tPrestations de services\t" in text and "\t706\t" not in text


@pytest.mark.parametrize("number", ["70A", "7" * 21, "-706", "７０６"])
def test_a_bad_account_number_is_a_field_error(treasurer_client, place, number):
    from comptoir.invoicing.models import InvoicingProfile

    seller = make_seller(place)
    response = treasurer_client.post(
        reverse("invoicing:chart-update", args=[place.slug]), {"revenue": number}
    )
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert InvoicingProfile.objects.get(organization=seller).accounts == {}


def test_a_concierge_cannot_set_the_chart(concierge_client, place):
    from comptoir.invoicing.models import InvoicingProfile

    seller = make_seller(place)
    response = concierge_client.post(
        reverse("invoicing:chart-update", args=[place.slug]), {"revenue": "7061"}
    )
    assert response.status_code == 403
    assert InvoicingProfile.objects.get(organization=seller).accounts == {}
