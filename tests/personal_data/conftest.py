from __future__ import annotations

from typing import Any

import pytest

from tests.personal_data.world import zephyrine


@pytest.fixture
def zeph(place: Any, concierge: Any) -> Any:
    return zephyrine(place, concierge)


@pytest.fixture
def other(place: Any, concierge: Any) -> Any:
    """Someone else with data everywhere, in the same place."""
    from comptoir.community.tests.factories import PersonFactory
    from tests.personal_data.world import give_everything

    person = PersonFactory(first_name="Barnabé", last_name="Autrui", email="barnabe@example.org")
    give_everything(person, place, concierge, tag="O")
    return person
