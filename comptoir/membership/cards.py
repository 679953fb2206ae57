"""The QR code of a membership card: the card's address, so that scanning it at the desk
opens the card (for whoever may see it) and shows it is valid."""

from __future__ import annotations

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from comptoir.membership.models import Membership


def card_qr(membership: Membership, url: str) -> SafeString:
    label = _("QR code of membership card %(number)s") % {"number": membership.card_number}
    svg = segno.make(url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="qr-code", title=label, omitsize=True
    )
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's own markup, and the label is escaped
