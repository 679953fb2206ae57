"""A treasurer refunds part of an online payment, then the rest: a quantity above what was
bought refused on its field first, then one of two day passes paid back through Stripe (its
API answered by a recorded refund: no network), the credit note and the refund shown.
axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import pytest
import responses
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.models import CreditNote, Payment
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.online.models import OnlineRefund
from comptoir.online.tests.test_refund import REFUNDS, paid_online
from comptoir.online.tests.test_stripe import SECRET, recorded
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.fixture
def online(settings: Any) -> None:
    settings.ONLINE_PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_API_BASE = ""


def refund_answer(request: Any) -> tuple[int, dict, str]:
    form = {k: v[0] for k, v in parse_qs(request.body).items()}
    body = recorded("refund_created.json") | {"amount": int(form["amount"])}
    return 200, {}, json.dumps(body)


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable payments: SQLite's flush deletes them
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_treasurer_refunds_one_day_pass_paid_online(
    page: Page, axe: Axe, width: int, live_server: Any, online: None
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    treasurer = verified_person(first_name="Théo", last_name="Roux")
    PlaceRoleFactory(person=treasurer, place=place, role=Role.TREASURER)
    nina = verified_person(first_name="Nina", last_name="Nomade")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    make_seller(place)
    order = make_order(place, treasurer, nina, line(1500, 2, description="Pass journée"))
    checkout = paid_online(order, 3000)

    log_in_with_password(page, axe, email=treasurer.email)
    page.goto("/lieux/cn/paiements-en-ligne/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Online payments")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.reference)
    axe(page)
    page.get_by_label(label("Reason")).fill("Une journée annulée")
    quantity = page.get_by_label("Quantity of “Pass journée” to refund")
    quantity.fill("3")
    page.get_by_role("button", name="Refund through the payment service").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not CreditNote.objects.exists()
    axe(page)
    with responses.RequestsMock() as mock:
        mock.add_passthru(live_server.url)
        mock.add_callback(
            responses.POST, REFUNDS, callback=refund_answer, content_type="application/json"
        )
        page.get_by_label("Quantity of “Pass journée” to refund").fill("1")
        page.get_by_role("button", name="Refund through the payment service").click()
        expect(page.get_by_role("status").filter(has_text="refunded online")).to_be_visible()
    note = CreditNote.objects.get()
    refund = Payment.objects.get(amount_cents__lt=0)
    assert (note.total_cents, refund.amount_cents, refund.means) == (1500, -1500, "online")
    expect(page.get_by_role("main")).to_contain_text(note.number)
    expect(page.get_by_role("main")).to_contain_text(refund.number)
    assert OnlineRefund.objects.get().checkout_id == checkout.pk
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
