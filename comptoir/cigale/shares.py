"""Sharing an amount in proportion to weights, in whole cents that add up exactly
(largest remainders; ties to the smaller id, so the result is the same each time)."""

from __future__ import annotations


def split_by_weight(total: int, weights: dict[int, int]) -> dict[int, int]:
    positive = {key: w for key, w in weights.items() if w > 0}
    whole = sum(positive.values())
    if total <= 0 or whole == 0:
        return dict.fromkeys(positive, 0)
    shares = {key: total * w // whole for key, w in positive.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(positive, key=lambda key: (-(total * positive[key] % whole), key))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares
