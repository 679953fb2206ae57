"""The design system's style page (issue 14 pt 1): staff, or anyone with DEBUG on; a 404
(the site's own page) for everybody else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("core:style")


def test_staff_read_it_with_every_component() -> None:
    client = Client()
    client.force_login(PersonFactory(is_staff=True))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in ('class="swatch', 'class="alert error"', 'class="empty"', "<dialog", "<table"):
        assert marker in html, marker
    assert 'href="/static/comptoir/icons/sprite.svg#map-pin"' in html  # served by the app


@pytest.mark.parametrize("staff", [None, False])
def test_others_get_the_sites_404(staff: bool | None) -> None:
    client = Client()
    if staff is not None:
        client.force_login(PersonFactory(is_staff=staff))
    response = client.get(URL)
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_anyone_reads_it_in_development(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    assert Client().get(URL).status_code == 200
