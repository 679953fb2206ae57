"""The one way to send an email. A notification names its templates by a base name,
`<app>/email/<name>`: `<name>_subject.txt` and `<name>_message.txt`, and
`<name>_message.html` when it has an HTML version. They are rendered now, in the
recipient's language, and the message leaves once the transaction commits, through the
`deliver_email` task, from DEFAULT_FROM_EMAIL. Links in emails are absolute: build them
with `absolute_url`, or from `site_url` which every email's context holds.

The text parts are plain text: they are rendered without HTML escaping (a title with an
apostrophe or an ampersand stays as written); the HTML part is escaped as usual.

`headers` adds headers of the message's own (a mailing's `List-Unsubscribe`, say).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils import translation

from comptoir.core.tasks import deliver_email


class Addressee(Protocol):
    """Someone with an email address and a preferred language (a person, say)."""

    email: str
    preferred_language: str


@dataclass(frozen=True)
class Recipient:
    """Where an email goes and the language it is written in ("" for the site's own)."""

    email: str
    language: str = ""

    @classmethod
    def of(cls, addressee: Addressee) -> Recipient:
        return cls(addressee.email, addressee.preferred_language or "")


@dataclass(frozen=True)
class RenderedEmail:
    """A message ready to leave: plain data, so a task can carry it."""

    to: str
    subject: str
    body: str
    html: str = ""


def site_url() -> str:
    """The site's address, without a trailing slash: SITE_URL when set, else the Site."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return str(configured).rstrip("/")
    from django.contrib.sites.models import Site

    scheme = "https" if getattr(settings, "SECURE_SSL", False) else "http"
    return f"{scheme}://{Site.objects.get_current().domain}"


def absolute_url(path: str) -> str:
    """A link for an email, from a path such as `reverse(...)` gives."""
    return site_url() + path


def _render(name: str, context: Mapping[str, Any], *, escape: bool) -> str:
    template = Engine.get_default().get_template(name)
    return template.render(Context(dict(context), autoescape=escape))


def render_email(template: str, recipient: Recipient, context: Mapping[str, Any]) -> RenderedEmail:
    """The email `template` (a base name) for `recipient`, in their language."""
    context = {"site_url": site_url(), **context}
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = _render(f"{template}_subject.txt", context, escape=False)
        body = _render(f"{template}_message.txt", context, escape=False)
        try:
            html = _render(f"{template}_message.html", context, escape=True)
        except TemplateDoesNotExist:
            html = ""
    # A subject is one line: a template's line breaks and indentation are not part of it.
    return RenderedEmail(recipient.email, " ".join(subject.split()), body, html)


# Set while the demo writes its story (requests handled, parcels, board replies): those steps
# are told as having happened, not sent to the demo's people each time it is loaded.
_held_back: ContextVar[bool] = ContextVar("comptoir_emails_held_back", default=False)


@contextmanager
def emails_held_back() -> Iterator[None]:
    """No email is sent for what is written inside the block."""
    token = _held_back.set(True)
    try:
        yield
    finally:
        _held_back.reset(token)


def send_email(
    template: str,
    recipient: Recipient,
    context: Mapping[str, Any],
    *,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render the email now and send it once the current transaction commits (at once
    outside a transaction): an email never tells of something that was rolled back."""
    if _held_back.get():
        return
    message = render_email(template, recipient, context)
    transaction.on_commit(
        partial(
            deliver_email.enqueue,
            to=message.to,
            subject=message.subject,
            body=message.body,
            html=message.html,
            headers=dict(headers or {}),
        )
    )
