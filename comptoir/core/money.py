"""Money is integer cents in EUR everywhere; this formats it for people."""

from __future__ import annotations

from django.utils.formats import number_format


def format_cents(cents: int | None) -> str:
    """1250 -> “12,50 €” in French, “12.50 €” in English (the active locale decides)."""
    if cents is None:
        return ""
    return f"{number_format(cents / 100, decimal_pos=2, force_grouping=True)}\u00a0€"
