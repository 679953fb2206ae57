"""What the documentation hears from the apps below it: governance's published minutes,
kept as a page of the place's (or the network's) documentation."""

from __future__ import annotations

from typing import Any

from comptoir.core.types import Actor
from comptoir.governance import signals as governance
from comptoir.governance.models import Meeting


def _on_minutes_published(sender: Any, meeting: Meeting, by: Actor | None, **kwargs: Any) -> None:
    from comptoir.publishing import services

    services.minutes_page_keep(meeting=meeting, by=by)


def connect() -> None:
    from comptoir.publishing import selectors

    governance.minutes_published.connect(
        _on_minutes_published, dispatch_uid="publishing.minutes_published"
    )
    governance.register_minutes_link(selectors.minutes_page_url)
