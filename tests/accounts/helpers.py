"""Helpers shared by the account tests and the browser tests."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.models import EmailAddress
from django.core import mail

from comptoir.community.tests.factories import PASSWORD, PersonFactory

_CODE_LINE = re.compile(r"^[A-Z0-9]{3,}(?:-[A-Z0-9]{2,})*$")
_LINK = re.compile(r"https?://\S+")


def last_email_to(address: str) -> Any:
    """The most recent message of django.core.mail.outbox sent to ADDRESS."""
    for message in reversed(mail.outbox):
        if address in message.to:
            return message
    raise AssertionError(f"no email sent to {address}: {[m.to for m in mail.outbox]}")


def code_from_email(address: str) -> str:
    """The one-time code (e.g. ``K7QP-9XMA``) of the latest email to ADDRESS that has one."""
    for message in reversed(mail.outbox):
        if address in message.to:
            for line in message.body.splitlines():
                if _CODE_LINE.match(line.strip()):
                    return line.strip()
    raise AssertionError(f"no email with a code sent to {address}")


def link_from_email(address: str) -> str:
    """The first link of the latest email sent to ADDRESS."""
    body = last_email_to(address).body
    found = _LINK.search(body)
    assert found, f"no link in the email:\n{body}"
    return found.group(0)


def verified_person(**fields: Any) -> Any:
    """A person whose email address allauth already knows as verified and primary."""
    person = PersonFactory(**fields)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


__all__ = ["PASSWORD", "code_from_email", "last_email_to", "link_from_email", "verified_person"]
