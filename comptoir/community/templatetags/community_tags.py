from __future__ import annotations

from typing import Any

from django import template
from stdnum.fr import siret as stdnum_siret

from comptoir.community.models import ProfileType

register = template.Library()

_PROFILE_LABELS = dict(ProfileType.choices)


@register.filter
def profile_type_labels(codes: Any) -> list[str]:
    """Human labels of a person's profile types (unknown codes are skipped)."""
    return [str(_PROFILE_LABELS[code]) for code in codes or [] if code in _PROFILE_LABELS]


@register.filter
def siret_format(value: str) -> str:
    """A SIRET grouped as 3-3-3-5 digits (e.g. 732 829 320 00074)."""
    if not value:
        return ""
    try:
        return str(stdnum_siret.format(value))
    except Exception:  # an old invalid value still displays as stored
        return value
