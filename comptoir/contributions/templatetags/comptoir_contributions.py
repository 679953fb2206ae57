"""The contributions box of a project page (a constant number of queries) and small
formatting filters of the contribution pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.formats import number_format

from comptoir.contributions import permissions as rules
from comptoir.contributions import selectors
from comptoir.contributions.models import Contribution
from comptoir.core.types import Viewer
from comptoir.projects.models import Project

register = template.Library()


@register.filter
def bp_percent(basis_points: int) -> str:
    """2000 -> "20", 1250 -> "12,5" (the active locale's separator)."""
    value = (Decimal(basis_points) / 100).normalize()
    return number_format(value, decimal_pos=max(0, -value.as_tuple().exponent))  # type: ignore[operator]


@register.filter
def awaits_decision_of(contribution: Contribution, user: Viewer) -> bool:
    """`{% if contribution|awaits_decision_of:user %}`: see the model's method."""
    return contribution.awaits_decision_of(user)


@register.inclusion_tag("contributions/_box.html", takes_context=True)
def project_contributions_box(context: dict[str, Any], project: Project) -> dict[str, Any]:
    """Validated totals by kind, the link to log one, and for those who validate, the open
    contributions: two queries whatever the data, on the project page."""
    request = context.get("request")
    user: Viewer = getattr(request, "user", None) or AnonymousUser()
    # The project page already knows whether the user edits the project: the same rule as
    # who validates its contributions (`permissions.validates_project`).
    validator = context.get("can_edit")
    if validator is None:
        validator = rules.validates_project(user, project)
    return {
        "project": project,
        "user": user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "totals": selectors.project_totals(project=project),
        "validator": validator,
        "open": selectors.contributions_open_for_project(project=project) if validator else [],
    }
