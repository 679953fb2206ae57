"""What every part of the network-scale generator shares: where generated rows live (one
network, addresses under one domain), the random source, and bulk writes that report."""

from __future__ import annotations

import random
import time as time_module
from collections import defaultdict
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import Model
from django.utils import timezone

from comptoir.community.models import PlaceRole

NETWORK_SLUG = "reseau-genere"
DOMAIN = "gen.comptoir.test"
BATCH = 2000
VISIT_CHUNK = 20_000  # visits written at a time, with their movements and covered periods


class GeneratorBase:
    def __init__(self, *, seed: int, password: str, out: Any) -> None:
        self.rng = random.Random(seed)
        self.password_hash = make_password(password)  # hashed once, reused for every row
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.out = out
        self.members_of: dict[int, list[int]] = defaultdict(list)  # structure: its people
        self.role_rows: list[PlaceRole] = []

    def say(self, message: str) -> None:
        self.out.write(message)

    def bulk(self, model: type[Model], rows: list[Any]) -> None:
        started = time_module.perf_counter()
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        seconds = time_module.perf_counter() - started
        self.say(f"  {model._meta.verbose_name_plural}: {len(rows)} ({seconds:.1f} s)")
