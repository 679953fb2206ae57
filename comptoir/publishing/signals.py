"""Keeps the anonymous cache of the documentation true: a change to anything its pages show
(sections, resources, press, and the data of the live blocks) bumps its version once the
transaction commits. Only the cache is touched here: the behaviour lives in the services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from comptoir.publishing import public_cache


def _changed(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(public_cache.bump)


def connect() -> None:
    from comptoir.access.models import Plan
    from comptoir.agenda.models import Event
    from comptoir.bookings.models import Resource
    from comptoir.community.models import Organization, PlaceRole
    from comptoir.places.models import NearbyPlace, Place, Space
    from comptoir.projects.models import Project
    from comptoir.publishing.models import Page, PressItem, Section, SharedResource

    models = (Section, SharedResource, PressItem, Page, Place, Space, NearbyPlace, Plan, PlaceRole)
    for model in (*models, Organization, Project, Event):
        uid = f"publishing-public-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (Project.places.through, Resource.partners.through):
        uid = f"publishing-public-cache-{through._meta.label_lower}"
        m2m_changed.connect(_changed, sender=through, dispatch_uid=uid)
