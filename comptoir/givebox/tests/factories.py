from __future__ import annotations

from typing import Any

from comptoir.givebox import services
from comptoir.givebox.models import Gift


def make_gift(place: Any, **fields: Any) -> Gift:
    values: dict[str, Any] = {
        "title": "Bouilloire",
        "category": "appliance",
        "where": "box",
        "by": None,
    }
    values.update(fields)
    return services.gift_post(place=place, **values)
