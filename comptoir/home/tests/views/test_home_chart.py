"""The concierge's dashboard draws each place's visits of the last thirty days."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.presence.models import Visit

pytestmark = pytest.mark.django_db


def test_the_dashboard_charts_the_visits_of_each_place(
    concierge_client: Any, place: Any, nomad: Any
) -> None:
    now = timezone.now()
    Visit.objects.create(
        person=nomad, place=place, day=timezone.localdate(), checked_in_at=now, access="override"
    )
    response = concierge_client.get(reverse("home:home"))
    html = response.content.decode()
    assert f'id="chart-visits-{place.pk}"' in html and 'role="img"' in html
    ((board, chart),) = response.context["dashboards_and_charts"]
    assert board.visits[-1][1] == 1
    assert len(chart.table_rows) == 30 and chart.bars[-1].height > 0
