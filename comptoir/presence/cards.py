"""The member card: a QR code holding a signed reference to the person.

A USB or Bluetooth scanner at the desk types the QR's text into the kiosk's scan box. The text
is the person's id and the card's version, signed with the site's secret key, so a typed or
forged value cannot check somebody else in. A person who lost their card (or whose card was
copied) replaces it from their profile: the version goes up and the desk refuses every older
card. Version 1, every member's first card, is the bare id (as cards were before versions).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

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


class CardRevoked(InvalidInput):
    code = "card_revoked"
    default_message = _(
        "This card was replaced by a newer one and no longer works. Ask for the new card "
        "(on the person's phone or profile), or search the person by name."
    )


@dataclass(frozen=True)
class ScannedCard:
    person_id: int
    version: int


def card_payload(person: Person) -> str:
    """The text the QR code holds, for example "42:Xb3…" (id, then its signature), or
    "42.3:Yc4…" for the third card of person 42."""
    version = person.card_version
    value = str(person.pk) if version == 1 else f"{person.pk}.{version}"
    return _signer().sign(value)


def card_read(payload: str) -> ScannedCard:
    """The person and card version a scanned payload names; raises BadCard when it is not
    a card."""
    payload = (payload or "").strip()
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        raise BadCard(field="card")
    try:
        value = _signer().unsign(payload)
    except signing.BadSignature as bad:
        raise BadCard(field="card") from bad
    found = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?", value)
    if found is None:
        raise BadCard(field="card")
    return ScannedCard(int(found[1]), int(found[2] or 1))


def person_id_from_card(payload: str) -> int:
    """The id of the person a scanned payload names (whatever its version); raises BadCard
    when it is not a card."""
    return card_read(payload).person_id


def card_holder(payload: str) -> Person:
    """The active person whose current card this is (one query); raises BadCard for what
    is no card or no active person's, CardRevoked for a card since replaced."""
    scanned = card_read(payload)
    person = Person.objects.filter(pk=scanned.person_id, is_active=True).first()
    if person is None:
        raise BadCard(field="card")
    if scanned.version != person.card_version:
        raise CardRevoked(field="card")
    return person


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
