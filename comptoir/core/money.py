"""Money is integer cents in EUR everywhere; these helpers only format and parse."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format


def format_cents(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{number_format(Decimal(cents) / 100, decimal_pos=2, use_l10n=True)} €"


def parse_euros(text: str) -> int:
    """'12,50' or '12.50' → 1250. Raises ValueError on anything else."""
    try:
        value = Decimal(text.replace("€", "").replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(text) from error
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(text)
    return int(value * 100)
