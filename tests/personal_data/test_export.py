"""A person downloads everything Comptoir holds about them, and nothing about anyone else."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.community.personal_data import as_json, collect, providers
from tests.personal_data.world import EMAIL, FIRST, LAST, PHONE, give_everything

pytestmark = pytest.mark.django_db

EVERY_SECTION = {
    "profile",
    "photos",
    "email_addresses",
    "roles",
    "affiliations",
    "skills",
    "api_tokens",
    "audit_events",
    "orders",
    "sepa_mandates",
    "conciergerie_requests",
    "parcels",
    "subscriptions",
    "ticket_books",
    "ticket_movements",
    "day_passes",
    "visits",
    "bookings",
    "qualifications",
    "training_requests",
    "waitlist",
    "calendar_feeds",
    "registrations",
    "organised_events",
    "project_memberships",
    "need_answers",
    "journal_entries",
    "projects_created",
    "incubations",
    "canvas_revisions",
    "contributions",
    "shares",
    "documentation_revisions",
    "roster_shifts",
    "roster_swaps",
    "exchange_posts",
    "exchange_replies",
    "exchange_alerts",
    "body_memberships",
    "positions",
    "proposals",
    "meeting_attendances",
    "cigale_pledges",
    "cigale_entries",
    "memberships",
    "cooperative_shares",
    "news_by_email",
    "need_alerts",
    "loans",
    "lent_items",
    "give_box",
}
# Sections the world leaves empty: allauth adds an address only at sign-up.
MAY_BE_EMPTY = {"email_addresses"}


def _export(person: Any) -> dict[str, Any]:
    return as_json(person, collect(person))


def test_every_app_contributes_its_sections(zeph: Any) -> None:
    apps = {provider.app for provider in providers()}
    assert apps >= {"community", "billing", "access", "presence", "bookings", "agenda"}
    assert set(_export(zeph)["sections"]) == EVERY_SECTION


def test_each_section_holds_the_persons_data(zeph: Any, other: Any) -> None:
    sections = _export(zeph)["sections"]
    for key in EVERY_SECTION - MAY_BE_EMPTY:
        assert sections[key]["rows"], key
    profile = sections["profile"]["rows"][0]
    assert (profile["email"], profile["first_name"], profile["last_name"], profile["phone"]) == (
        EMAIL,
        FIRST,
        LAST,
        PHONE,
    )
    assert sections["skills"]["rows"][0]["skill"].startswith("SkillZ")
    assert sections["orders"]["rows"][0]["buyer_email"] == EMAIL
    assert len(sections["orders"]["rows"]) == 3
    assert sections["orders"]["rows"][0]["lines"] and sections["orders"]["rows"][0]["payments"]
    assert sections["ticket_books"]["rows"][0]["balance"] == 10
    assert {row["kind"] for row in sections["ticket_movements"]["rows"]} == {"Achat"}
    assert sections["visits"]["rows"][0]["access"]
    assert sections["need_answers"]["rows"][0]["message"] == "Je peux aider Z"
    assert sections["audit_events"]["rows"], "her own actions (skills, token)"


def test_no_secret_is_exported(zeph: Any) -> None:
    text = json.dumps(_export(zeph))
    token = zeph.api_tokens.get()
    assert token.hashed not in text
    assert zeph.password not in text
    assert zeph.calendar_feeds.get().secret_hash not in text


def test_nothing_of_anyone_else(zeph: Any, other: Any, concierge: Any) -> None:
    text = json.dumps(_export(zeph), ensure_ascii=False)
    for theirs in (
        "barnabe@example.org",
        "Barnabé",
        "Autrui",
        "SkillO",
        "Je peux aider O",
        "Journal O",
        "Soudure O",
        "Réunion O",
        "Atelier O",
        "token O",
        "Projet O",
        "Annonce O",
        "Échange O",
    ):
        assert theirs not in text, theirs
    # Nor what the concierge did about her (that is the concierge's audit, not hers).
    assert concierge.email not in text


def test_the_number_of_queries_does_not_grow_with_the_data(
    zeph: Any, place: Any, concierge: Any
) -> None:
    with CaptureQueriesContext(connection) as once:
        collect(zeph)
    give_everything(zeph, place, concierge, tag="Z")
    give_everything(zeph, place, concierge, tag="Z")
    with CaptureQueriesContext(connection) as thrice:
        sections = collect(zeph)
    assert len(thrice) == len(once)
    # About one query per section (a few sections need two), whatever the data.
    assert len(once) <= len(sections) + 9
    assert len(next(s for s in sections if s.section.key == "orders").rows) == 9


def test_the_json_download(zeph: Any, login: Any) -> None:
    response = login(zeph).get(reverse("community:my-data-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="comptoir-my-data-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["format"] == "comptoir-personal-data/1"
    assert data["person_id"] == zeph.pk
    assert data["sections"]["profile"]["rows"][0]["email"] == EMAIL


def test_the_readable_page(zeph: Any, login: Any) -> None:
    response = login(zeph).get(reverse("community:my-data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mes données personnelles" in page
    assert EMAIL in page and "SkillZ" in page and "Je peux aider Z" in page


@pytest.mark.parametrize("name", ["community:my-data", "community:my-data-json"])
def test_only_the_person_downloads_their_data(
    name: str, zeph: Any, concierge: Any, login: Any
) -> None:
    # Anonymous visitors are sent to log in; a concierge gets their own data, never hers.
    response = login(None).get(reverse(name))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    page = login(concierge).get(reverse(name)).content.decode()
    assert EMAIL not in page and FIRST not in page


def test_the_profile_links_to_the_data(zeph: Any, login: Any) -> None:
    page = login(zeph).get(reverse("community:profile")).content.decode()
    for name in ("community:my-data", "community:my-data-json", "community:erase-me"):
        assert reverse(name) in page


def test_the_audit_section_names_nobody_else(zeph: Any, concierge: Any) -> None:
    # The concierge sold Zéphyrine a book and gave her a role: the concierge's export
    # tells what they did, not to whom by name.
    rows = _export(concierge)["sections"]["audit_events"]["rows"]
    assert rows
    text = json.dumps(rows, ensure_ascii=False)
    assert FIRST not in text and LAST not in text and EMAIL not in text
    targets = [row["target"] for row in rows]
    assert any(target.startswith("vente #") for target in targets), targets
