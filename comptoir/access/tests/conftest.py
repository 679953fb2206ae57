"""Fixtures for the access tests: a second place of the same network, and a stranger."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.community.tests.factories import PersonFactory


@pytest.fixture
def stranger(db: Any) -> Any:
    return PersonFactory(first_name="Sam", last_name="Passant")
