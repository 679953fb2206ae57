"""The long-list widgets write what Django's choice widgets write (the same elements,
attributes, escaping and checked state, read back by an HTML parser), and a form using
them cleans the same values."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms

from comptoir.core.widgets import LongCheckboxSelectMultiple, LongSelect, LongSelectMultiple

CHOICES = [("x", "Soudure <b>& co</b>"), ("y", "Python"), ("z", "Couture")]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.seen.append(("/" + tag, None))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.seen.append(("text", data.strip()))


def parsed(markup: str) -> list[tuple[str, Any]]:
    """The fragment as an HTML parser reads it: tags with their attributes, and text."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader.seen


def _pair(field: type[forms.Field], django_widget: Any, ours: Any, **kwargs: Any) -> Any:
    class Pair(forms.Form):
        theirs = field(choices=CHOICES, widget=django_widget, **kwargs)
        mine = field(choices=CHOICES, widget=ours, **kwargs)

    return Pair


@pytest.mark.parametrize(
    ("field", "django_widget", "ours", "value"),
    [
        (forms.ChoiceField, forms.Select, LongSelect, "y"),
        (forms.MultipleChoiceField, forms.SelectMultiple, LongSelectMultiple, ["x", "z"]),
        (
            forms.MultipleChoiceField,
            forms.CheckboxSelectMultiple,
            LongCheckboxSelectMultiple,
            ["z"],
        ),
    ],
)
def test_the_same_markup_as_django_and_the_same_cleaned_value(field, django_widget, ours, value):
    Pair = _pair(field, django_widget, ours, required=False)
    form = Pair({"theirs": value, "mine": value})
    theirs, mine = str(form["theirs"]), str(form["mine"])
    renamed = parsed(theirs.replace("theirs", "mine"))
    assert renamed == parsed(mine)
    assert "&lt;b&gt;&amp; co&lt;/b&gt;" in mine and "<b>" not in mine  # labels escaped
    assert form.is_valid()
    assert form.cleaned_data["mine"] == form.cleaned_data["theirs"] == value


def test_an_unknown_choice_is_refused_as_django_refuses_it():
    Pair = _pair(
        forms.MultipleChoiceField, forms.CheckboxSelectMultiple, LongCheckboxSelectMultiple
    )
    form = Pair({"theirs": ["nope"], "mine": ["nope"]})
    assert not form.is_valid()
    assert form.errors["mine"] == [e.replace("theirs", "mine") for e in form.errors["theirs"]]
