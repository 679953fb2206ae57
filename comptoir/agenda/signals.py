"""Keeps the anonymous cache of the public agenda true: any change to an event, a
registration or a place bumps its version once the transaction commits (bumping before
would let a request cache the old rows again before they change). Only the cache is
touched here: the behaviour lives in the services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from comptoir.agenda import public_cache


def _changed(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(public_cache.bump)


def connect() -> None:
    from comptoir.agenda.models import Event, Registration
    from comptoir.places.models import Place, Space

    for model in (Event, Registration, Place, Space):
        uid = f"agenda-public-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
