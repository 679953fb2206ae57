"""Panels the apps above `projects` add to a project's page (the contributions box…).

Each is a template the page includes with its own context (`project`, `can_edit`,
`request`…). An app registers its template in its `AppConfig.ready`, so `projects` imports
none of the apps built on it."""

from __future__ import annotations

_templates: list[str] = []


def register(template_name: str) -> None:
    """Adds a panel at the end of the page (in the order of INSTALLED_APPS); idempotent."""
    if template_name not in _templates:
        _templates.append(template_name)


def templates() -> tuple[str, ...]:
    return tuple(_templates)
