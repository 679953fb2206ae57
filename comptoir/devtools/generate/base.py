"""What every part of the network-scale generator shares: where generated rows live (one
network, addresses under one domain), the random source, and bulk writes that report.

Memory stays bounded by the batch, not the scale: rows are produced by generators and written
BATCH at a time; what later phases need of them is kept compact (ids in `array`s, the roles
in a `RoleTable`), never as model instances."""

from __future__ import annotations

import random
import time as time_module
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, NamedTuple

from django.contrib.auth.hashers import make_password
from django.db.models import Model, QuerySet
from django.utils import timezone

from comptoir.community.models import Role
from comptoir.places.models import Network

NETWORK_SLUG = "reseau-genere"
# A region holds several networks of about ten places: past ten places, the generator starts
# another network ("reseau-genere-2", …); the first keeps NETWORK_SLUG.
PLACES_PER_NETWORK = 10
DOMAIN = "gen.comptoir.test"
BATCH = 2000
VISIT_CHUNK = 20_000  # visits written at a time, with their movements and covered periods


def network_slug(index: int) -> str:
    """The slug of the generated network number `index` (0 for the first)."""
    return NETWORK_SLUG if index == 0 else f"{NETWORK_SLUG}-{index + 1}"


def generated_networks() -> QuerySet[Network]:
    """Every generated network."""
    return Network.objects.filter(slug__regex=rf"^{NETWORK_SLUG}(-[0-9]+)?$")


class GeneratorBase:
    def __init__(self, *, seed: int, password: str, out: Any) -> None:
        self.rng = random.Random(seed)
        self.password_hash = make_password(password)  # hashed once, reused for every row
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.out = out
        self.members_of: dict[int, list[int]] = defaultdict(list)  # structure: its people
        self.role_rows = RoleTable()

    def say(self, message: str) -> None:
        self.out.write(message)

    def bulk(self, model: type[Model], rows: list[Any]) -> None:
        started = time_module.perf_counter()
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        seconds = time_module.perf_counter() - started
        self.say(f"  {model._meta.verbose_name_plural}: {len(rows)} ({seconds:.1f} s)")

    def stream(self, model: type[Model], rows: Iterable[Any], *, ids: bool = False) -> array:
        """Write the rows BATCH at a time as the iterable yields them (never all of them in
        memory); returns their primary keys in order when `ids`, else an empty array."""
        started = time_module.perf_counter()
        kept = array("q")
        written = 0
        for batch in batches(rows, BATCH):
            model._default_manager.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
            if ids:
                kept.extend(obj.pk for obj in batch)
        seconds = time_module.perf_counter() - started
        self.say(f"  {model._meta.verbose_name_plural}: {written} ({seconds:.1f} s)")
        return kept


def batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """The rows, `size` at a time."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


ROLE_CODES: list[str] = list(Role.values)


class RoleRow(NamedTuple):
    person_id: int
    place_id: int
    role: str
    organization_id: int | None


class RoleTable:
    """The generated place roles that later phases read (who holds which role where), in
    four compact columns instead of one model instance per role."""

    def __init__(self) -> None:
        self.person = array("q")
        self.place = array("q")
        self.role = array("b")
        self.organization = array("q")  # 0: none

    def add(self, person_id: int, place_id: int, role: str, organization_id: int | None) -> None:
        self.person.append(person_id)
        self.place.append(place_id)
        self.role.append(ROLE_CODES.index(role))
        self.organization.append(organization_id or 0)

    def __len__(self) -> int:
        return len(self.person)

    def __iter__(self) -> Iterator[RoleRow]:
        for person_id, place_id, role, organization_id in zip(
            self.person, self.place, self.role, self.organization, strict=True
        ):
            yield RoleRow(person_id, place_id, ROLE_CODES[role], organization_id or None)
