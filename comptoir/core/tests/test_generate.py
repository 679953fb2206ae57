from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from stdnum.fr import siret

from comptoir.community.models import (
    CONCIERGE_ROLES,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    Role,
    Skill,
)
from comptoir.core.management.commands.comptoir_generate import DOMAIN, NETWORK_SLUG
from comptoir.core.models import AuditEvent
from comptoir.places.models import Place, Space
from comptoir.places.opening_hours import validate_opening_hours

pytestmark = pytest.mark.django_db

TINY = {
    "places": 2,
    "people": 50,
    "organizations": 10,
    "roles": 60,
    "skills": 30,
    "audit_events": 100,
}


def generate(**options: Any) -> str:
    out = StringIO()
    call_command("comptoir_generate", stdout=out, **{**TINY, **options})
    return out.getvalue()


def test_it_creates_the_requested_number_of_rows() -> None:
    generate()

    places = Place.objects.filter(network__slug=NETWORK_SLUG)
    assert places.count() == 2
    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 50
    assert Organization.objects.filter(email__endswith=f"@{DOMAIN}").count() == 10
    assert PlaceRole.objects.count() == 60
    assert AuditEvent.objects.filter(place__in=places).count() == 100
    assert Skill.objects.count() == 30
    assert PersonSkill.objects.count() > 50


def test_it_gives_each_place_four_to_eight_equipped_spaces_and_valid_hours() -> None:
    generate()

    for place in Place.objects.filter(network__slug=NETWORK_SLUG):
        place.full_clean()
        validate_opening_hours(place.opening_hours)
        spaces = Space.objects.filter(place=place)
        assert 4 <= spaces.count() <= 8
        assert all(space.equipment.exists() for space in spaces)


def test_it_makes_unique_sirets_that_stdnum_accepts() -> None:
    generate(organizations=200)

    sirets = list(Organization.objects.exclude(siret="").values_list("siret", flat=True))
    assert len(sirets) > 100
    assert len(set(sirets)) == len(sirets)
    assert all(siret.is_valid(number) for number in sirets)
    for organization in Organization.objects.all()[:20]:
        organization.full_clean()


def test_it_never_overlaps_two_periods_of_the_same_role() -> None:
    generate(people=10, roles=200)

    periods = defaultdict(list)
    for role in PlaceRole.objects.all():
        periods[(role.person_id, role.place_id, role.role)].append(
            (role.valid_from, role.valid_until or date.max)
        )
    assert any(len(spans) > 1 for spans in periods.values())
    for spans in periods.values():
        spans.sort()
        for (_start, end), (next_start, _end) in zip(spans, spans[1:], strict=False):
            assert end < next_start


def test_it_gives_every_place_current_concierges() -> None:
    generate()

    for place in Place.objects.filter(network__slug=NETWORK_SLUG):
        current = PlaceRole.objects.current().filter(place=place)
        assert current.filter(role=Role.CONCIERGE_PERMANENT).count() == 2
        assert current.filter(role__in=CONCIERGE_ROLES).count() == 5


def test_it_shares_one_password_hash_that_logs_in() -> None:
    generate(people=5, roles=10)

    people = Person.objects.filter(email__endswith=f"@{DOMAIN}")
    assert len(set(people.values_list("password", flat=True))) == 1
    assert people.first().check_password("comptoir")


def test_it_refuses_to_generate_twice_without_reset() -> None:
    generate()

    with pytest.raises(CommandError, match="--reset"):
        generate()
    assert "nothing to do" in generate(if_absent=True)
    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 50


def test_it_replaces_generated_rows_on_reset_and_keeps_the_others(person: Any) -> None:
    generate()

    generate(reset=True, people=20, roles=30)

    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 20
    assert PlaceRole.objects.count() == 30
    assert Place.objects.filter(network__slug=NETWORK_SLUG).count() == 2
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_scales_the_counts() -> None:
    generate(scale=0.5)

    assert Person.objects.filter(email__endswith=f"@{DOMAIN}").count() == 25
    assert PlaceRole.objects.count() == 30
