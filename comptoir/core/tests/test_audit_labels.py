from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from comptoir.core.audit import verb_classes, verb_label

PACKAGE = Path(__file__).resolve().parents[2]


def test_no_service_writes_a_verb_as_a_bare_string():
    """Services pass their app's Verb members; a string would escape the labels and the
    uniqueness check below."""
    written = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        written += [(path.name, v) for v in re.findall(r'verb=f?"([^"]*)"', path.read_text())]
    assert written == []


def test_every_declared_verb_has_a_label_of_its_own():
    verbs = [verb for cls in verb_classes() for verb in cls]
    assert len(verbs) > 80  # every app's audit module was found
    for verb in verbs:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", verb.value)
        assert verb.label and verb_label(verb.value) == str(verb.label) != verb.value


def test_no_two_apps_declare_the_same_verb():
    values = [verb.value for cls in verb_classes() for verb in cls]
    assert values and len(values) == len(set(values))


def test_an_unknown_verb_shows_as_its_code():
    assert verb_label("nothing.ever.happened") == "nothing.ever.happened"


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
