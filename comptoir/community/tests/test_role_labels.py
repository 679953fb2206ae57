from __future__ import annotations

from django.utils import translation

from comptoir.community.models import PlaceRole, Role


def test_a_role_shows_its_label_in_the_active_language():
    place_role = PlaceRole(role=Role.NOMAD)
    with translation.override("en"):
        assert place_role.get_role_display() == "Nomad"
    with translation.override("fr"):
        assert place_role.get_role_display() == "Nomade"


def test_an_unknown_code_shows_as_itself():
    assert PlaceRole(role="gardien").get_role_display() == "gardien"
