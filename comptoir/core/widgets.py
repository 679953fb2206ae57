"""Form widgets Comptoir needs beyond Django's: lists of hundreds of choices (a
cooperative's associates, a network's skills) drawn in one pass. Django's choice widgets
render a template per option, which costs tens of milliseconds a page at that size; these
write the same HTML directly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def _flat(choices: Any) -> Iterator[tuple[Any, Any]]:
    for key, label in choices:
        if isinstance(label, list | tuple):  # an optgroup: its options, flattened
            yield from label
        else:
            yield key, label


class LongSelect(forms.Select):
    """A `<select>` of many options."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in _flat(self.choices)
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final["multiple"] = True
        return format_html("<select{}>{}</select>", flatatt(final), options)


class LongSelectMultiple(LongSelect, forms.SelectMultiple):
    """A `<select multiple>` of many options."""


class LongCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Many checkboxes, in the markup Django's CheckboxSelectMultiple writes (a `div` per
    option, the input inside its label), inside the fieldset Django's field group draws."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs or {})
        base_id = final.pop("id", None)
        shared = flatatt(final)
        rows = []
        for index, (key, label) in enumerate(_flat(self.choices)):
            option_id = f"{base_id}_{index}" if base_id else ""
            rows.append(
                format_html(
                    '<div><label{}><input type="checkbox" name="{}" value="{}"{}{}{}> {}</label>'
                    "</div>",
                    format_html(' for="{}"', option_id) if option_id else "",
                    name,
                    key,
                    shared,
                    format_html(' id="{}"', option_id) if option_id else "",
                    " checked" if str(key) in chosen else "",
                    label,
                )
            )
        outer = format_html(' id="{}"', base_id) if base_id else ""
        return format_html("<div{}>{}</div>", outer, SafeString("".join(rows)))
