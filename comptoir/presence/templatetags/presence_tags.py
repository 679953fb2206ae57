from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from comptoir.presence import cards

register = template.Library()


@register.simple_tag
def member_card_qr(person: Any, scale: int = 3) -> SafeString:
    """The person's card QR code as inline SVG (for the profile page)."""
    return cards.card_svg(person, scale=scale)
