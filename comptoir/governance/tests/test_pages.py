"""The governance pages: a proposal carrying a new price written, consented with an
objection answered, closed, the price changed; refusals as 4xx; queries pinned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.access.tests.factories import ticket_book_plan
from comptoir.governance.models import Position, Proposal
from comptoir.governance.services.meetings import attendance_record, meeting_create
from comptoir.governance.services.proposals import position_take
from comptoir.governance.tests.factories import make_body, make_proposal

pytestmark = pytest.mark.django_db


def _closing() -> str:
    return (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")


def test_a_price_proposed_consented_and_applied_through_the_pages(place, login):
    body, (ann, bob, cat) = make_body(place)
    plan = ticket_book_plan(place, price_cents=9000)
    url = reverse("governance:proposal-create", args=[place.slug, body.pk])
    response = login(ann).post(
        url,
        {
            "question": "Carnet à 80 € ?",
            "process": "consent",
            "method": "single",
            "closes_at": _closing(),
            "change_kind": "plan_price",
            "change_target": f"plan:{plan.pk}",
            "change_value": "80,00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    detail = reverse("governance:proposal", args=[place.slug, proposal.pk])
    # The price it changes reads in euros, not in the cents it is stored in (the crawl's
    # screenshot showed "9000 → 8000").
    text = login(bob).get(detail, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "90,00\xa0€ → 80,00\xa0€" in text and "9000" not in text
    position = reverse("governance:position", args=[place.slug, proposal.pk])
    assert login(bob).post(position, {"position-stance": "agree"}).status_code == 302
    assert (
        login(cat)
        .post(position, {"position-stance": "object", "position-reason": "Trop cher encore"})
        .status_code
        == 302
    )
    objection = Position.objects.get(stance="object")
    answer = reverse("governance:objection-answer", args=[place.slug, proposal.pk, objection.pk])
    assert login(ann).post(answer, {"answer-text": "Revu en AG"}).status_code == 302
    close = reverse("governance:proposal-close", args=[place.slug, proposal.pk])
    assert login(ann).post(close).status_code == 302
    plan.refresh_from_db()
    assert plan.price_cents == 8000
    page = login(bob).get(detail)
    assert page.status_code == 200 and "Trop cher encore" in page.content.decode()


def test_an_invalid_price_is_refused_with_a_message(place, login):
    body, (ann, *_r) = make_body(place)
    plan = ticket_book_plan(place)
    url = reverse("governance:proposal-create", args=[place.slug, body.pk])
    response = login(ann).post(
        url,
        {
            "question": "Prix ?",
            "process": "consent",
            "method": "single",
            "closes_at": _closing(),
            "change_kind": "plan_price",
            "change_target": f"plan:{plan.pk}",
            "change_value": "-3",
        },
    )
    assert response.status_code == 422
    assert not Proposal.objects.exists()


def test_outside_the_body_a_position_is_refused(place, login, nomad):
    body, (ann, *_r) = make_body(place)
    proposal = make_proposal(body, ann)
    url = reverse("governance:position", args=[place.slug, proposal.pk])
    assert login(nomad).post(url, {"position-stance": "agree"}).status_code == 403
    assert not Position.objects.exists()


def test_a_position_twice_is_one_position_changed(place, login):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(body, ann)
    url = reverse("governance:position", args=[place.slug, proposal.pk])
    login(bob).post(url, {"position-stance": "agree"})
    login(bob).post(url, {"position-stance": "abstain"})
    assert list(Position.objects.values_list("stance", flat=True)) == ["abstain"]


def test_a_closed_proposal_refuses_positions(place, login):
    body, (ann, bob, _c) = make_body(place)
    proposal = make_proposal(body, ann)
    login(ann).post(reverse("governance:proposal-close", args=[place.slug, proposal.pk]))
    url = reverse("governance:position", args=[place.slug, proposal.pk])
    assert login(bob).post(url, {"position-stance": "agree"}).status_code == 422


def test_a_proxy_beyond_the_limit_is_refused(place, login, concierge):
    body, people = make_body(place, members=4, proxy_limit=1)
    meeting = meeting_create(
        body=body, by=None, kind="general_assembly", title="AG", starts_at=timezone.now()
    )
    attendance_record(meeting=meeting, person=people[0], by=None)
    attendance_record(meeting=meeting, person=people[1], by=None, proxy_holder=people[0])
    url = reverse("governance:attendance", args=[place.slug, meeting.pk])
    response = login(concierge).post(url, {"person": people[2].pk, "proxy_holder": people[0].pk})
    assert response.status_code == 422
    assert "proxies" in response.content.decode() or "pouvoirs" in response.content.decode()


def test_the_open_proposal_page_reads_in_few_queries(place, login, django_assert_max_num_queries):
    body, people = make_body(place, members=30)
    proposal = make_proposal(body, people[0])
    for who in people[1:]:
        position_take(proposal=proposal, by=who, stance="agree")
    client = login(people[0])
    url = reverse("governance:proposal", args=[place.slug, proposal.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_pages_answer(place, login, concierge):
    body, (ann, *_r) = make_body(place)
    proposal = make_proposal(body, ann)
    meeting = meeting_create(body=body, by=None, kind="board", title="CA", starts_at=timezone.now())
    for name, args in [
        ("governance:place", [place.slug]),
        ("governance:register", [place.slug]),
        ("governance:proposal", [place.slug, proposal.pk]),
        ("governance:meeting", [place.slug, meeting.pk]),
        ("governance:meeting-create", [place.slug, body.pk]),
    ]:
        assert login(concierge).get(reverse(name, args=args)).status_code == 200, name
    assert login(None).get(reverse("governance:place", args=[place.slug])).status_code == 302


def test_a_networks_governance_has_the_same_pages(place, sister_place, login, superuser):
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
    from comptoir.governance.services.bodies import body_create, member_add
    from comptoir.governance.services.proposals import proposal_close, proposal_publish

    network = place.network
    body = body_create(kind="board", name="Conseil du réseau", network=network, by=None)
    ann, bob = PersonFactory(), PersonFactory()
    PlaceRoleFactory(person=ann, place=place, role="resident")
    PlaceRoleFactory(person=bob, place=sister_place, role="resident")
    for who in (ann, bob):
        member_add(body=body, person=who, by=None)
    here, (local_member, *_others) = make_body(place)
    local = make_proposal(here, local_member, question="Une question du lieu ?")
    home = reverse("governance:network-home", args=[network.slug])
    # Linked from the place's governance page.
    assert home in login(ann).get(reverse("governance:place", args=[place.slug])).content.decode()

    # A member writes a proposal to the network's body through its pages; the other agrees.
    response = login(ann).post(
        reverse("governance:network-proposal-create", args=[network.slug, body.pk]),
        {"question": "Mutualiser les achats ?", "process": "consent", "method": "single",
         "closes_at": _closing(), "change_kind": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get(body=body)
    assert response["Location"] == reverse(
        "governance:network-proposal", args=[network.slug, proposal.pk]
    )
    position = reverse("governance:network-position", args=[network.slug, proposal.pk])
    for who in (ann, bob):
        assert login(who).post(position, {"position-stance": "agree"}).status_code == 302
    proposal_close(proposal=proposal, by=ann)
    proposal_publish(proposal=proposal, by=ann, text="Achats groupés dès janvier.")

    page = login(bob).get(home).content.decode()
    assert "Conseil du réseau" in page and "Assemblée générale" not in page
    register = login(bob).get(reverse("governance:network-register", args=[network.slug]))
    html = register.content.decode()
    assert "Mutualiser les achats ?" in html and "Une question du lieu ?" not in html
    detail = reverse("governance:network-proposal", args=[network.slug, proposal.pk])
    assert detail in html
    assert login(bob).get(detail).status_code == 200
    # Nobody without a role in the network sees them; a place's URL does not reach the
    # network's proposal, nor the network's a place's.
    outsider = PersonFactory()
    assert login(outsider).get(home).status_code == 403
    assert login(outsider).get(detail).status_code == 403
    assert login(None).get(home).status_code == 302
    wrong = reverse("governance:proposal", args=[place.slug, proposal.pk])
    assert login(superuser).get(wrong).status_code == 404
    wrong = reverse("governance:network-proposal", args=[network.slug, local.pk])
    assert login(superuser).get(wrong).status_code == 404
    assert (
        login(superuser).get(reverse("governance:network-home", args=["nope"])).status_code == 404
    )
