"""The API token lookup (one hand-written statement: the token's person and their roles of
today) gives the answers of the ORM rules, `PlaceRole.current()` first, on generated data
(PostgreSQL and SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comptoir.community import permissions
from comptoir.community.models import ApiToken, Person, PlaceRole, Role
from comptoir.community.services import tokens
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.tests.rollback import rolled_back
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PEOPLE, PLACES = 3, 3
offsets = st.one_of(st.sampled_from([-1, 0, 1]), st.integers(-400, 400))


@pytest.fixture
def world(db):
    other = NetworkFactory(name="Ailleurs", slug="ailleurs")
    places = [PlaceFactory(), PlaceFactory(), PlaceFactory(network=other)]
    people = [PersonFactory() for _n in range(PEOPLE)]
    return places, people


roles = st.lists(
    st.tuples(
        st.integers(0, PEOPLE - 1),
        st.integers(0, PLACES - 1),
        st.sampled_from(Role.values),
        offsets,  # first day, from today
        st.one_of(st.none(), st.sampled_from([0, 1]), st.integers(0, 400)),  # days it lasts
    ),
    max_size=8,
)
# None: never used; else seconds since the last use (the lookup touches a token once a minute;
# a few seconds either side of that minute are left out, the clock moves during the test).
last_uses = st.one_of(
    st.none(),
    st.sampled_from([0, 30, 90]),
    st.integers(0, 10_000).filter(lambda seconds: abs(seconds - 60) > 5),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    role_specs=roles,
    owner=st.integers(0, PEOPLE - 1),
    owner_active=st.booleans(),
    revoked=st.booleans(),
    last_use=last_uses,
    asked=st.sampled_from(["own", "other"]),
)
def test_the_token_statement_agrees_with_the_orm_rules(
    world, role_specs, owner, owner_active, revoked, last_use, asked
):
    places, people = world
    with rolled_back():
        today, now = timezone.localdate(), timezone.now()
        for person, place, role, start, length in role_specs:
            first = today + dt.timedelta(days=start)
            PlaceRole.objects.create(
                person=people[person],
                place=places[place],
                role=role,
                valid_from=first,
                valid_until=None if length is None else first + dt.timedelta(days=length),
            )
        Person.objects.filter(pk=people[owner].pk).update(is_active=owner_active)
        token, secret = tokens.api_token_create(person=people[owner], name="Test", by=people[owner])
        used = None if last_use is None else now - dt.timedelta(seconds=last_use)
        ApiToken.objects.filter(pk=token.pk).update(
            last_used_at=used, revoked_at=now if revoked else None
        )
        if asked == "other":
            secret = "cpt_" + "x" * 43

        found = tokens.api_token_authenticate(secret=secret)

        expected = (
            Person.objects.filter(
                api_tokens__hashed=tokens._hash_token(secret),
                api_tokens__revoked_at__isnull=True,
                is_active=True,
            )
            .distinct()
            .first()
        )
        assert (found and found.pk) == (expected and expected.pk)
        if expected is None:
            return
        current = set(
            PlaceRole.objects.current().filter(person=expected).values_list("place_id", "role")
        )
        cached = permissions.roles_by_place(found)
        assert {(place, role) for place, names in cached.items() for role in names} == current
        token.refresh_from_db()
        stale = used is None or used < now - dt.timedelta(seconds=60)
        assert (token.last_used_at != used) == stale
