from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString

from comptoir.presence import cards

if TYPE_CHECKING:
    from comptoir.community.models import Person

register = template.Library()


@register.simple_tag
def member_card_qr(person: Person, scale: int = 3) -> SafeString:
    """The person's card QR code as inline SVG (for the profile page)."""
    return cards.card_svg(person, scale=scale)
