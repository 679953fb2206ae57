"""Filters of the economy's pages: shares in basis points, signed gaps in euros."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from comptoir.core.money import format_cents

register = template.Library()


@register.filter
def basis_points(value: int | None) -> str:
    """1234 -> "12,3 %" (in the language's decimal separator)."""
    if value is None:
        return "—"
    return f"{number_format(value / 100, 1)} %"


@register.filter
def signed_euros(cents: int | None) -> str:
    if cents is None:
        return "—"
    sign = "+" if cents > 0 else "−" if cents < 0 else ""
    return f"{sign}{format_cents(abs(cents))}"


@register.filter
def subtract(value: int, other: int) -> int:
    return value - other
