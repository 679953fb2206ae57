"""A member pays her pending order online: "Pay online" on her receipt opens the provider's
checkout (Stripe's API answered by its recorded response, its hosted page replaced by a local
route: no network), Stripe's signed `checkout.session.completed` arrives at the webhook, and
back on the receipt the order is paid. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
import responses
from playwright.sync_api import Page, expect

from comptoir.billing.models import Order
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.invoicing.models import Payment
from comptoir.invoicing.tests.factories import line, make_order, make_seller
from comptoir.online.tests.test_stripe import SECRET, SESSIONS, WEBHOOK, recorded, signed
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, log_in_with_password

CHECKOUT = "/__stripe-checkout__/"


@pytest.fixture
def online(settings: Any) -> None:
    settings.ONLINE_PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.ROOT_URLCONF = "tests.browser.stripe_checkout_urls"


@pytest.mark.browser
@pytest.mark.postgres_only  # inalterable payments: SQLite's flush deletes them
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_member_pays_her_order_online(
    page: Page, axe: Axe, width: int, live_server: Any, online: None
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    concierge = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=concierge, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Nomade")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    make_seller(place)
    order = make_order(place, concierge, nina, line(2198, description="Carnet 10 demi-journées"))
    session = recorded("checkout_session_created.json")
    session["url"] = live_server.url + CHECKOUT + session["id"]
    success = f"{live_server.url}/ventes/{order.pk}/paiement-en-ligne/?etat=paye"
    # Stripe's hosted page, played by a local route (tests/browser/stripe_checkout_urls.py).
    session["url"] = (
        f"{live_server.url}{CHECKOUT}{session['id']}/?amount=21.98&back={quote(success, safe='')}"
    )
    log_in_with_password(page, axe, email=nina.email)
    page.goto(f"/ventes/{order.pk}/")
    axe(page)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        mock.add_passthru(live_server.url)
        mock.add(responses.POST, SESSIONS, json=session, status=200)
        page.get_by_role("button", name="Pay online").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Pay 21.98")
        axe(page)  # the stand-in page
        body = mock.calls[0].request.body
        body = body if isinstance(body, str) else body.decode()
    assert f"success_url={quote(success, safe='')}" in body
    # Stripe's notification, signed with the endpoint's secret, before the buyer is back.
    event = recorded("checkout_session_completed.json")
    payload = json.dumps(event).encode()
    answer = page.request.post(
        live_server.url + WEBHOOK,
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": signed(payload)},
    )
    assert answer.status == 200 and answer.json()["outcome"] == "paid"
    page.get_by_role("link", name="Pay").click()
    expect(page.get_by_role("status").filter(has_text="your payment is accepted")).to_be_visible()
    axe(page)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert Payment.objects.get().means == "online"
    expect(page.get_by_role("button", name="Pay online")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
