from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.conciergerie.tests.factories import make_parcel

pytestmark = pytest.mark.django_db


def test_the_desk_shows_the_parcels_waiting_for_the_person_checked_in(
    place, nomad, concierge, concierge_client
):
    # Let in with a reason (no offer needed): the check-in's outcome lists the parcels.
    make_parcel(place, nomad, by=concierge, shelf="B2")
    url = reverse("presence:kiosk-check-in", args=[place.slug])
    response = concierge_client.post(
        url,
        {"person": nomad.pk, "override": "1", "override_reason": "colis"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200, body
    assert "1 colis attend Nina Nomade · étagère B2" in body  # in French, the default
    assert reverse("conciergerie:parcels", args=[place.slug]) in body
