"""VAT from prices that include it, in integer cents.

The VAT of a rate is rounded half up and the amount before tax is what remains, so the two
always add up to what the buyer pays (on an exact half cent the VAT takes it).
Rates are basis points (2000 is 20 %, 550 is 5.5 %, 0 an exempt line). The VAT of an
invoice is rounded once per rate, on the total of the lines at that rate (not line by
line, which would let three 33.33 € lines at 20 % carry 0.01 € too much); each line shows
its own rounded amount before tax for information.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


def before_tax(cents: int, rate_bp: int) -> int:
    """The amount before tax inside `cents` (VAT included), rounded half up to the cent."""
    divisor = 10000 + rate_bp
    return (cents * 10000 * 2 + divisor) // (2 * divisor)


def vat_included(cents: int, rate_bp: int) -> int:
    """The VAT inside `cents` (VAT included), rounded half up to the cent."""
    divisor = 10000 + rate_bp
    return (cents * rate_bp * 2 + divisor) // (2 * divisor)


def prorata(cents: int, part: int, whole: int) -> int:
    """`part` of `whole` units of an amount of `cents`, rounded half up to the cent.

    Credited cumulatively (what the first k units are worth minus what the units already
    credited are worth), successive parts always add up to exactly `cents`."""
    return (cents * part * 2 + whole) // (2 * whole)


@dataclass(frozen=True)
class RateTotal:
    rate_bp: int
    before_tax_cents: int
    vat_cents: int
    total_cents: int

    def as_dict(self) -> dict[str, int]:
        return {
            "rate_bp": self.rate_bp,
            "before_tax_cents": self.before_tax_cents,
            "vat_cents": self.vat_cents,
            "total_cents": self.total_cents,
        }


def rate_totals(lines: Iterable[tuple[int, int]]) -> list[RateTotal]:
    """(total cents VAT included, rate) per line -> one total per rate, highest rate first."""
    by_rate: dict[int, int] = defaultdict(int)
    for cents, rate_bp in lines:
        by_rate[rate_bp] += cents
    totals = []
    for rate_bp, cents in sorted(by_rate.items(), reverse=True):
        tax = vat_included(cents, rate_bp)
        totals.append(RateTotal(rate_bp, cents - tax, tax, cents))
    return totals
