from __future__ import annotations

import pytest

from comptoir.core.search import StringList, fold, word_prefix_only, words_of


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Éloïse", "eloise"),
        ("ÉLOÏSE", "eloise"),
        ("  Jean-Noël   Lefèvre ", "jean-noel lefevre"),
        ("Œuvray Lætitia", "oeuvray laetitia"),
        ("Straße", "strasse"),
        ("Søren Łukasz", "soren lukasz"),
        ("ǅemal", "dzemal"),
        ("", ""),
    ],
)
def test_fold_lowers_and_removes_accents_and_ligatures(text, folded):
    assert fold(text) == folded


def test_the_words_of_a_query_are_folded_and_limited():
    assert words_of(" Élo  MAR  x y ", limit=3) == ["elo", "mar", "x"]
    assert words_of("   ", limit=3) == []


def test_only_words_too_short_for_trigrams_match_word_starts():
    assert word_prefix_only(["e", "ma"])
    assert not word_prefix_only(["ma", "eloise"])


@pytest.mark.django_db
def test_string_list_joins_values_on_both_databases():
    from comptoir.community.models import PlaceRole, Role
    from comptoir.community.tests.factories import PlaceRoleFactory

    role = PlaceRoleFactory(role=Role.NOMAD)
    PlaceRoleFactory(person=role.person, place=role.place, role=Role.RESIDENT)
    [codes] = (
        PlaceRole.objects.filter(person=role.person)
        .values("person")
        .annotate(codes=StringList("role"))
        .values_list("codes", flat=True)
    )
    assert sorted(codes.split(",")) == sorted([Role.NOMAD, Role.RESIDENT])
