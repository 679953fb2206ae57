from __future__ import annotations

from typing import Any

import pytest

from comptoir.conciergerie.tests.factories import make_service


@pytest.fixture
def printing(place: Any) -> Any:
    """A paid service any member may ask for."""
    return make_service(place, name="Impressions", price_cents=500)


@pytest.fixture
def keys(place: Any) -> Any:
    """A free service open to neighbours."""
    return make_service(place, kind="keys", name="Garde de clés", open_to_neighbours=True)
