"""A member posts a request on the exchange board of her place (an empty title refused on
its field first), another member finds it by its skill and replies, and she reads the
reply and closes the request. axe-core checks each step, at 1280 and 375 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from comptoir.community.models import Role
from comptoir.community.tests.factories import PlaceRoleFactory, SkillFactory
from comptoir.exchange.models import Post, Reply
from comptoir.places.tests.factories import PlaceFactory
from tests.accounts.helpers import verified_person
from tests.browser.helpers import Axe, label, log_in_with_password


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_a_member_posts_a_request_and_another_replies(page: Page, axe: Axe, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    place = PlaceFactory(slug="cn", name="Comptoir Numérique")
    nina = verified_person(first_name="Nina", last_name="Petit")
    PlaceRoleFactory(person=nina, place=place, role=Role.NOMAD)
    rosa = verified_person(first_name="Rosa", last_name="Blanc")
    PlaceRoleFactory(person=rosa, place=place, role=Role.RESIDENT)
    SkillFactory(name="WordPress", slug="wordpress")

    log_in_with_password(page, axe, email=nina.email)
    page.goto("/lieux/cn/coups-de-main/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Offers and requests")
    axe(page)
    page.get_by_label("I am looking for").check()
    page.get_by_role("button", name="Post it").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not Post.objects.exists()
    axe(page)
    page.get_by_label("I am looking for").check()
    page.get_by_label(label("Title")).fill("Un coup de main sur WordPress")
    page.get_by_label("WordPress").check()
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("status").filter(has_text="Posted on the board")).to_be_visible()
    post = Post.objects.get()
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.clear_cookies()

    log_in_with_password(page, axe, email=rosa.email)
    page.goto("/lieux/cn/coups-de-main/?skill=wordpress")
    axe(page)
    page.get_by_role("link", name="Un coup de main sur WordPress").click()
    axe(page)
    page.get_by_label(label("Your reply")).fill("Je passe jeudi, on regarde ensemble ?")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_role("status").filter(has_text="Reply sent")).to_be_visible()
    assert Reply.objects.get().author_id == rosa.pk
    axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.clear_cookies()

    log_in_with_password(page, axe, email=nina.email)
    page.goto(f"/lieux/cn/coups-de-main/{post.pk}/")
    expect(page.get_by_role("main")).to_contain_text("Je passe jeudi")
    page.get_by_role("button", name="Close it").click()
    expect(page.get_by_role("status").filter(has_text="Closed")).to_be_visible()
    post.refresh_from_db()
    assert post.status == Post.Status.CLOSED
    axe(page)
