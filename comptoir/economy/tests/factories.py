"""Other income as the treasurer records it, for the economy tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from comptoir.economy.models import IncomeKind, OtherIncome
from comptoir.economy.services import IncomeSpec, income_record


def grant_spec(**fields: Any) -> IncomeSpec:
    values: dict[str, Any] = {
        "kind": IncomeKind.GRANT,
        "label": "Fabrique de territoire 2025",
        "payer": "ANCT",
        "programme": "Fabriques de territoire",
        "amount_cents": 5_000_000,
        "received_on": dt.date(2025, 3, 10),
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2025, 12, 31),
    }
    return IncomeSpec(**(values | fields))


def income(place: Any, by: Any = None, **fields: Any) -> OtherIncome:
    return income_record(place=place, spec=grant_spec(**fields), by=by)
