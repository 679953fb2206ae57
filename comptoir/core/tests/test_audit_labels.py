from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from comptoir.core.audit import verb_classes, verb_label, verb_labels

PACKAGE = Path(__file__).resolve().parents[2]


def test_every_verb_a_service_writes_has_a_label():
    written = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        written |= set(re.findall(r'verb="([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert written, "no audit verb found: the scan is broken"
    assert written <= set(verb_labels()), sorted(written - set(verb_labels()))


def test_no_two_apps_declare_the_same_verb():
    values = [verb.value for cls in verb_classes() for verb in cls]
    assert values and len(values) == len(set(values))


def test_an_unknown_verb_shows_as_its_code():
    assert verb_label("loan.returned") == "loan.returned"


@pytest.mark.django_db
def test_the_journal_shows_labels_not_codes(concierge_client, concierge, place):
    from comptoir.community import services
    from comptoir.community.tests.factories import PersonFactory

    services.place_role_assign(person=PersonFactory(), place=place, role="nomad", by=concierge)
    with translation.override("en"):
        html = concierge_client.get(
            f"/lieux/{place.slug}/journal/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Role given" in html or "Rôle attribué" in html
    assert "<td>role.assigned</td>" not in html
