"""Errors of the documentation: an edit based on a revision that is no longer the latest."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict
from comptoir.publishing.diff import DiffLine


class SectionConflict(Conflict):
    """Someone saved the section since the editor opened it: nothing is overwritten; the
    error carries the current text and the diff from it to the text that was sent."""

    code = "section_conflict"
    default_message = _(
        "Someone else saved this section while you were editing it. Your text has not been "
        "saved: compare it with the current version below, then save again."
    )

    def __init__(
        self,
        *,
        current_body: str,
        current_revision: int,
        current_author: str,
        diff: list[DiffLine],
        **params: Any,
    ) -> None:
        super().__init__(field="body", **params)
        self.current_body = current_body
        self.current_revision = current_revision
        self.current_author = current_author
        self.diff = diff
