"""Opening hours told in sentences, in French and in English (issue 14)."""

from __future__ import annotations

import pytest
from django.utils import translation

from comptoir.places.hours_sentences import describe_hours

CASES = [
    (
        "Mo-Fr 09:00-19:00; Sa 10:00-13:00; PH off",
        [
            "Du lundi au vendredi, 9 h – 19 h",
            "le samedi, 10 h – 13 h",
            "fermé les jours fériés",
        ],
        [
            "Monday to Friday, 9:00 – 19:00",
            "Saturday, 10:00 – 13:00",
            "closed on public holidays",
        ],
    ),
    (
        "Mo-Fr 09:00-12:00,14:00-18:30",
        ["Du lundi au vendredi, 9 h – 12 h et 14 h – 18 h 30"],
        ["Monday to Friday, 9:00 – 12:00 and 14:00 – 18:30"],
    ),
    (
        "Mo,We,Fr 10:00-12:00",
        ["Le lundi, le mercredi et le vendredi, 10 h – 12 h"],
        ["Monday, Wednesday and Friday, 10:00 – 12:00"],
    ),
    (
        "Sa,Su 10:00-18:00",
        ["Le samedi et le dimanche, 10 h – 18 h"],
        ["Saturday and Sunday, 10:00 – 18:00"],
    ),
    (
        "Tu 14:00-19:00; Th 14:00-19:00; Sa 09:30-12:00",
        ["Le mardi et le jeudi, 14 h – 19 h", "le samedi, 9 h 30 – 12 h"],
        ["Tuesday and Thursday, 14:00 – 19:00", "Saturday, 9:30 – 12:00"],
    ),
    ("24/7", ["Ouvert 24 h/24, 7 j/7"], ["Open 24/7"]),
    (
        "24/7; PH off",
        ["Ouvert 24 h/24, 7 j/7", "fermé les jours fériés"],
        ["Open 24/7", "closed on public holidays"],
    ),
    (
        "Mo-Fr 09:00-18:00; PH 10:00-12:00",
        ["Du lundi au vendredi, 9 h – 18 h", "les jours fériés, 10 h – 12 h"],
        ["Monday to Friday, 9:00 – 18:00", "public holidays, 10:00 – 12:00"],
    ),
    ("off", ["Fermé"], ["Closed"]),
    (
        'Mo-Fr 08:30-18:30 "accueil"',
        ["Du lundi au vendredi, 8 h 30 – 18 h 30"],
        ["Monday to Friday, 8:30 – 18:30"],
    ),
]


@pytest.mark.parametrize(("expression", "french", "english"), CASES)
def test_it_tells_the_hours_in_french_and_english(expression, french, english):
    with translation.override("fr"):
        assert describe_hours(expression) == french
    with translation.override("en"):
        assert describe_hours(expression) == english


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "   ",
        "not hours at all",
        "Mo-Fr 25:00-26:00",
        # Hours that change with the season: one week cannot tell them.
        "Jan-Jun Mo-Fr 09:00-18:00; Jul-Dec Mo-Fr 10:00-17:00",
    ],
)
def test_it_gives_up_safely_when_a_sentence_would_not_be_faithful(expression):
    for language in ("fr", "en"):
        with translation.override(language):
            assert describe_hours(expression) is None
