"""The place's page leads everyone to its agenda, and its concierges to the events they
run and the activity report."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_concierges_find_the_events_and_the_report_from_the_place(
    place: Any, concierge_client: Any, login: Any, nomad: Any
) -> None:
    page = reverse("places:place-detail", args=[place.slug])
    manage = reverse("agenda:place-manage", args=[place.slug])
    report = reverse("agenda:report", args=[place.slug])
    agenda = reverse("agenda:place", args=[place.slug])

    concierge_sees = concierge_client.get(page).content.decode()
    nomad_sees = login(nomad).get(page).content.decode()

    assert manage in concierge_sees and report in concierge_sees
    assert agenda in nomad_sees
    assert manage not in nomad_sees and report not in nomad_sees
