"""Dates go through the locale (issue 14): the main public, member and concierge pages of the
demo, read in French, show no English month or weekday name ("18 Nov 2026")."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from comptoir.agenda.models import Event
from comptoir.community.models import Person
from comptoir.projects.models import Project

pytestmark = pytest.mark.django_db

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
SHORT_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
ENGLISH_DATES = re.compile(
    rf"\b({MONTHS}|{DAYS})\b"  # full names (case-sensitive: French ones are lowercase)
    rf"|\b\d{{1,2}} ({SHORT_MONTHS})\b"  # "18 Nov"
    rf"|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.? \d"  # "Mon 9/03"; "Mon" alone is French too
)
SCRIPTS = re.compile(r"<script\b.*?</script>", re.S)  # JSON-LD speaks schema.org English
TAGS = re.compile(r"<[^>]+>")

CN = "/lieux/comptoir-numerique"
PUBLIC = [
    "/",
    "/lieux/",
    f"{CN}/",
    "/agenda/",
    f"{CN}/agenda/",
    "/communaute/",
    "/structures/",
    "/projets/",
    f"{CN}/documentation/",
]
MEMBER = [
    "/",
    "/profil/",
    "/profil/passages/",
    "/profil/reservations/",
    "/profil/contributions/",
    f"{CN}/presence/",
    f"{CN}/reservations/",
    f"{CN}/reservations/salle-de-reunion/",
    # Governance, of the place and of the network (its council: Rosa is a member).
    f"{CN}/gouvernance/",
    f"{CN}/gouvernance/decisions/",
    "/reseaux/coworking-sainte/gouvernance/",
    "/reseaux/coworking-sainte/gouvernance/decisions/",
]
CONCIERGE = [
    "/",
    f"{CN}/accueil/",
    f"{CN}/roles/",
    f"{CN}/journal/",
    f"{CN}/agenda/gestion/",
    f"{CN}/rapport-activite/",
    f"{CN}/abonnements/",
    f"{CN}/ventes/",
    f"{CN}/prestations/",
    f"{CN}/contributions/",
    f"{CN}/economie/",
    f"{CN}/autres-recettes/",
]
# The place's treasurer: its accounts and its economy.
TREASURER = [
    f"{CN}/economie/",
    f"{CN}/economie/budget/",
    f"{CN}/autres-recettes/",
    f"{CN}/journal-des-ventes/",
    f"{CN}/fec/",
    f"{CN}/clotures/",
]


def _english_dates(html: str) -> list[str]:
    text = unescape(TAGS.sub(" ", SCRIPTS.sub(" ", html)))
    return [found.group(0) for found in ENGLISH_DATES.finditer(text)]


def _client(email: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    if email:
        client.force_login(Person.objects.get(email=email))
    return client


def test_the_demo_pages_show_dates_in_french():
    call_command("comptoir_demo", stdout=StringIO())
    event = Event.objects.filter(place__slug="comptoir-numerique").order_by("-start").first()
    project = Project.objects.first()
    assert event is not None and project is not None
    visits = [
        (None, [*PUBLIC, f"/agenda/{event.pk}/", f"/projets/{project.slug}/"]),
        ("rosa@comptoir.test", MEMBER),
        ("claire@comptoir.test", CONCIERGE),
        ("theo@comptoir.test", TREASURER),
    ]
    found = {}
    for email, paths in visits:
        client = _client(email)
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, (email, path, response.status_code)
            if english := _english_dates(response.content.decode()):
                found[(email, path)] = english
    assert found == {}


def test_the_check_finds_english_dates():
    assert _english_dates("<td>18 Nov 2026</td>") == ["18 Nov"]
    assert _english_dates("<p>Monday 9 March</p>") == ["Monday", "March"]
    assert _english_dates('<script type="application/ld+json">"Monday"</script>') == []
    assert _english_dates("<p>Mon smartphone au quotidien, lundi 9 mars</p>") == []
