"""A Cigale of five members decides an investment: Anne, its treasurer, proposes a loan to a
local enterprise from the club's page; the members take their positions on the governance
page of the proposal; Anne closes it, adopted, and pays it out of the fund, which goes
down by as much. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.cigale.models import Entry, Investment
from comptoir.cigale.selectors import club_fund
from comptoir.cigale.services import club_create, payment_record
from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.governance.models import Position, Proposal
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out

NAMES = ("Anne", "Bruno", "Chloé", "Denis", "Émile")


def _position(page: Page, axe: Axe, url: str, stance: str) -> None:
    page.goto(url)
    axe(page)
    page.get_by_label(label("Your position")).select_option(label=stance)
    page.get_by_role("button", name="Record my position").click()
    expect(page.get_by_role("status").filter(has_text="position is recorded")).to_be_visible()
    axe(page)


def _cash(page: Page) -> str:
    """What the club's page says the fund holds in cash."""
    term = page.locator("dt", has_text="Cash in the fund")
    return term.locator("xpath=following-sibling::dd[1]").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_cigale_decides_an_investment_and_the_fund_pays_it(
    page: Page, axe: Axe, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    people = []
    for name in NAMES:
        person = verified_person(first_name=name, last_name="Cigalier")
        PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
        people.append(person)
    anne, bruno, chloe = people[:3]
    club = club_create(
        place=place,
        name="Cigale du Comptoir",
        founders=people,
        treasurer=anne,
        founded_on=date(2024, 1, 1),
        term_on=date(2029, 1, 1),
        by=None,
    )
    for person in people:
        payment_record(club=club, person=person, amount_cents=20_000, by=None)
    club.refresh_from_db()
    assert club_fund(club).cash_cents == 100_000
    club_url = f"/lieux/cn/cigales/{club.pk}/"

    # Anne proposes a loan of 400 € to a local enterprise, from the club's page.
    log_in_with_password(page, axe, email=anne.email)
    page.goto(club_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cigale du Comptoir")
    assert "1,000.00" in _cash(page)
    axe(page)
    page.get_by_text("Propose an investment to the club").click()
    page.get_by_label(label("Enterprise")).fill("La Fabrique Coop")
    page.get_by_label(label("Amount (€)")).fill("400")
    page.get_by_label(label("Form")).select_option(label="Loan")
    closes = timezone.localtime() + timedelta(days=7)
    page.get_by_label(label("The club decides until")).fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(label("Why")).fill("Un atelier de réparation de vélos à deux rues.")
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("La Fabrique Coop")
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    investment = Investment.objects.get()
    assert (investment.enterprise, investment.amount_cents, investment.form) == (
        "La Fabrique Coop",
        40_000,
        "loan",
    )
    proposal_url = page.url
    _position(page, axe, proposal_url, "Agree")
    log_out(page, axe)

    # Two more members agree on the proposal's governance page: three of five, the quorum.
    for member in (bruno, chloe):
        log_in_with_password(page, axe, email=member.email)
        _position(page, axe, proposal_url, "Agree")
        log_out(page, axe)
    assert Position.objects.filter(proposal=investment.proposal, stance="agree").count() == 3

    # Anne closes: adopted; she pays it out of the fund, which goes down by 400 €.
    log_in_with_password(page, axe, email=anne.email)
    page.goto(proposal_url)
    page.get_by_role("button", name="Close and count now").click()
    expect(page.get_by_role("status").filter(has_text="Adopted")).to_be_visible()
    axe(page)
    assert Proposal.objects.get().outcome == Proposal.Outcome.ADOPTED
    page.goto(club_url)
    axe(page)
    page.get_by_role("button", name="Pay it out of the fund").click()
    expect(page.get_by_role("status").filter(has_text="Investment made")).to_be_visible()
    assert "600.00" in _cash(page)
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    investment.refresh_from_db()
    assert investment.status == Investment.Status.MADE
    entry = Entry.objects.get(kind=Entry.Kind.INVESTMENT)
    assert (entry.amount_cents, entry.investment_id) == (-40_000, investment.pk)
    club.refresh_from_db()
    assert club_fund(club).cash_cents == 60_000
