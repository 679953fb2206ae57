"""The member card: a QR code holding a signed reference to the person.

A USB or Bluetooth scanner at the desk types the QR's text into the kiosk's scan box. The text
is the person's id signed with the site's secret key, so a typed or forged value cannot check
somebody else in, and no database row is needed to issue or read a card.
"""

from __future__ import annotations

import io

import segno
from django.core import signing
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.core.exceptions import InvalidInput

SALT = "comptoir.presence.card"
MAX_PAYLOAD_LENGTH = 200


class BadCard(InvalidInput):
    code = "bad_card"
    default_message = _("This card is not recognised. Search the person by name instead.")


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def card_payload(person: Person) -> str:
    """The text the QR code holds, for example "42:Xb3…" (id, then its signature)."""
    return _signer().sign(str(person.pk))


def person_id_from_card(payload: str) -> int:
    """The id of the person a scanned payload names; raises BadCard when it is not a card."""
    payload = (payload or "").strip()
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        raise BadCard(field="card")
    try:
        value = _signer().unsign(payload)
    except signing.BadSignature as bad:
        raise BadCard(field="card") from bad
    if not value.isdigit():
        raise BadCard(field="card")
    return int(value)


def card_svg(person: Person, *, scale: int = 8, label: str = "", fluid: bool = False) -> SafeString:
    """The QR code as inline SVG (dark on white, with its quiet zone), labelled for screen
    readers. `fluid` leaves out its width and height so CSS sizes it."""
    label = label or gettext("QR code of the card of %(name)s") % {"name": person.display_name}
    qr = segno.make(card_payload(person), error="m")
    svg = qr.svg_inline(
        scale=scale, dark="#000", light="#fff", svgclass="qr-code", title=label, omitsize=fluid
    )
    # svg_inline escapes the title; the role makes assistive tools treat the SVG as one image.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's own markup, and the label is escaped


def card_svg_file(person: Person) -> bytes:
    """The QR code as a standalone SVG document, to download or print."""
    buffer = io.BytesIO()
    qr = segno.make(card_payload(person), error="m")
    qr.save(buffer, kind="svg", scale=10, dark="#000", light="#fff", title=person.display_name)
    return buffer.getvalue()
