"""The development mailbox: the default email backend while no real one is configured
(`EMAIL_URL` unset). Each message is kept as one `.eml` file under `EMAIL_MAILBOX_DIR`, and
`/dev/emails/` shows them, so sign-up codes and notifications are found in a page rather
than among the server's logs. Only the latest `KEEP` messages are kept."""

from __future__ import annotations

import email
import email.policy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage as ParsedMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

KEEP = 200
BACKEND = "comptoir.core.mailbox.MailboxBackend"


def mailbox_dir() -> Path:
    return Path(settings.EMAIL_MAILBOX_DIR)


def is_enabled() -> bool:
    return bool(settings.EMAIL_BACKEND == BACKEND)


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
            sent += 1
        _prune(folder)
        return sent


def _prune(folder: Path) -> None:
    for old in sorted(folder.glob("*.eml"))[:-KEEP]:
        old.unlink(missing_ok=True)


@dataclass(frozen=True)
class Mail:
    """A kept message, as the viewer shows it."""

    name: str
    subject: str
    sender: str
    to: str
    sent_at: datetime | None
    text: str


def _text_of(parsed: ParsedMessage) -> str:
    part: Any = parsed.get_body(preferencelist=("plain", "html"))
    return str(part.get_content()) if part is not None else ""


def _read(path: Path) -> Mail:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, ParsedMessage)
    date = parsed.get("Date")
    return Mail(
        name=path.stem,
        subject=str(parsed.get("Subject", "")),
        sender=str(parsed.get("From", "")),
        to=str(parsed.get("To", "")),
        sent_at=parsedate_to_datetime(str(date)) if date else None,
        text=_text_of(parsed),
    )


def latest(limit: int = 50) -> list[Mail]:
    """The latest kept messages, newest first."""
    folder = mailbox_dir()
    if not folder.is_dir():
        return []
    return [_read(path) for path in sorted(folder.glob("*.eml"), reverse=True)[:limit]]
