"""A member starts a project with a need; another member offers to help, then logs the
hours they gave (a proposal: they are not in the project's team, and a quantity over a
day is pointed out first); the porteur validates them from the project page, where the
validated totals then show. axe-core checks every page on the way."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.places.tests.factories import PlaceFactory
from comptoir.projects.models import Need, NeedAnswer, Project
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password, log_out, open_menu


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_members_cooperate_on_a_project(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    paula = verified_person(first_name="Paula", last_name="Porteuse")
    corentin = verified_person(first_name="Corentin", last_name="Soudeur")
    for who in (paula, corentin):
        PlaceRoleFactory(person=who, place=place, role=Role.NOMAD)

    # Paula starts a project from the main navigation.
    log_in_with_password(page, axe, email=paula.email)
    open_menu(page, "Projects").get_by_role("link", name="Projects", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Start a project").click()
    axe(page)
    page.get_by_label(label("Title")).fill("Robot tondeuse libre")
    page.get_by_label(label("Summary")).fill("Une tondeuse autonome en matériel libre.")
    page.get_by_label("Comptoir Numérique").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robot tondeuse libre")
    axe(page)
    project = Project.objects.get()

    # She asks for a skill.
    page.get_by_role("link", name="Add a need").click()
    axe(page)
    page.get_by_label(label("Kind of need")).select_option("skill")
    page.get_by_label(label("What is needed")).fill("Souder les cartes moteur")
    page.get_by_label(label("Skill")).fill("Soudure")
    page.get_by_role("button", name="Publish the need").click()
    expect(page.get_by_role("heading", name="Souder les cartes moteur")).to_be_visible()
    axe(page)
    log_out(page, axe)

    # Corentin offers to help, then logs his hours.
    log_in_with_password(page, axe, email=corentin.email)
    page.goto(f"/projets/{project.slug}/")
    axe(page)
    page.get_by_role("button", name="I can help").click()
    expect(page.locator("[data-answered]")).to_be_visible()
    axe(page)
    assert NeedAnswer.objects.filter(need__project=project, person=corentin).exists()

    page.get_by_role("link", name="Log a contribution or see them all").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robot tondeuse libre")
    axe(page)
    page.get_by_label(label("What you gave")).select_option("work")
    page.get_by_label(label("How much")).fill("30")
    page.get_by_label(label("What it was")).fill("Soudure des deux cartes moteur")
    page.get_by_label(label("Date")).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Log it").click()
    # More than a day of work at once: said on the field, nothing saved.
    quantity = page.get_by_label(label("How much"))
    expect(quantity).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").first).to_contain_text("24")
    axe(page)
    assert not Contribution.objects.exists()
    quantity.fill("3.5")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Your contribution is proposed for validation")).to_be_visible()
    axe(page)
    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.PROPOSED
    log_out(page, axe)

    # Paula validates the hours from the project page.
    log_in_with_password(page, axe, email=paula.email)
    page.goto(f"/projets/{project.slug}/")
    axe(page)
    waiting = page.get_by_test_id("open-contributions")
    expect(waiting).to_contain_text("Soudure des deux cartes moteur")
    waiting.get_by_role("button", name="Validate the contribution of Corentin Soudeur").click()
    expect(page).to_have_url(re.compile(rf"/projets/{project.slug}/$"))
    expect(page.get_by_text("Contribution validated.")).to_be_visible()
    totals = page.get_by_test_id("project-contributions")
    expect(totals.locator('[data-kind="work"]')).to_contain_text("3.5")
    expect(page.get_by_test_id("open-contributions")).to_have_count(0)
    axe(page)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.VALIDATED
    assert contribution.validated_by == paula
    assert Need.objects.get().answers.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_concierge_shares_the_revenue_of_a_prestation(page: Page, axe: Axe) -> None:
    place = PlaceFactory(name="Comptoir Numérique", slug="comptoir-numerique")
    claire = verified_person(first_name="Claire", last_name="Concierge")
    PlaceRoleFactory(person=claire, place=place, role=Role.CONCIERGE_PERMANENT)
    nina = verified_person(first_name="Nina", last_name="Nomade")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    today = timezone.localdate()
    for kind, hours in (("work", "6"), ("animation", "4")):
        Contribution.objects.create(
            place=place,
            contributor=nina,
            kind=kind,
            unit="hour",
            quantity=Decimal(hours),
            description="Accueil et fablab",
            happened_on=today - dt.timedelta(days=2),
            status=Contribution.Status.VALIDATED,
            validated_by=claire,
        )

    log_in_with_password(page, axe, email=claire.email)
    page.goto(f"/lieux/{place.slug}/contributions/")
    axe(page)
    page.get_by_role("link", name="Prestations and their distribution").click()
    axe(page)
    page.get_by_label(label("Title")).fill("Formation numérique pour la mairie")
    page.get_by_label(label("Revenue (euros)")).fill("1000")
    page.get_by_label(label("Delivered on")).fill(today.isoformat())
    page.get_by_label(label("Contributions from")).fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label(label("Contributions until")).fill(today.isoformat())
    page.get_by_label(label("Share to the place's commons (%)")).fill("20")
    page.get_by_label(label("Running the place")).fill("0.5")
    page.get_by_role("button", name="Record and preview the statement").click()
    expect(page.get_by_role("heading", level=2, name="Statement preview")).to_be_visible()
    # 800 € for 6 + 4 × 0.5 = 8 weighted hours: all to Nina; 200 € to the commons.
    expect(page.get_by_test_id("statement-total")).to_have_attribute("data-amount-cents", "100000")
    expect(page.locator(f'[data-person="{nina.pk}"]')).to_have_attribute(
        "data-amount-cents", "80000"
    )
    axe(page)
    assert not Share.objects.exists()
    page.get_by_role("button", name="Validate the statement").click()
    expect(page.get_by_test_id("statement-validated")).to_be_visible()
    expect(page.get_by_role("link", name="Change the prestation")).to_have_count(0)
    axe(page)
    prestation = Prestation.objects.get()
    assert prestation.status == Prestation.Status.VALIDATED
    page.goto(f"/prestations/{prestation.pk}/modifier/")
    expect(page.get_by_test_id("refusal")).to_contain_text("can no longer be changed")
    axe(page)
    log_out(page, axe)

    log_in_with_password(page, axe, email=nina.email)
    page.goto("/profil/contributions/")
    expect(page.get_by_test_id("my-shares")).to_contain_text("Formation numérique pour la mairie")
    expect(page.get_by_test_id("my-shares").locator("[data-amount-cents]")).to_have_attribute(
        "data-amount-cents", "80000"
    )
    axe(page)
