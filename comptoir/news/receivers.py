"""What news hears from the apps below it."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from comptoir.projects.models import Need
from comptoir.projects.signals import need_posted


def _on_need_posted(sender: Any, need: Need, **kwargs: Any) -> None:
    if need.kind != Need.Kind.SKILL or need.skill_id is None:
        return
    from comptoir.news.tasks import notify_need

    transaction.on_commit(partial(notify_need.enqueue, need_id=need.pk))


def connect() -> None:
    need_posted.connect(_on_need_posted, dispatch_uid="news.need_posted")
