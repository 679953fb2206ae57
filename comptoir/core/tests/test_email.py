"""The one way to send an email: rendered in the recipient's language, plain text left
unescaped, an HTML version when there is a template for it, absolute links, the configured
sender, and nothing leaves before the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from comptoir.core.email import (
    Recipient,
    absolute_url,
    emails_held_back,
    render_email,
    send_email,
)

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "demo/email/hello_subject.txt": "{% translate 'Yes' %}:\n  {{ title }}\n",
    "demo/email/hello_message.txt": "{{ title }} {{ site_url }}/x/",
    "demo/email/hello_message.html": "<p>{{ title }}</p>",
    "demo/email/plain_subject.txt": "{{ title }}",
    "demo/email/plain_message.txt": "{{ title }}",
}


@pytest.fixture(autouse=True)
def _templates(settings: Any) -> None:
    settings.SITE_URL = "https://comptoir.example/"
    settings.DEFAULT_FROM_EMAIL = "Comptoir <bonjour@comptoir.example>"
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)],
                "builtins": ["django.templatetags.i18n"],
            },
        }
    ]


def test_it_is_written_in_the_recipients_language_on_one_subject_line() -> None:
    context = {"title": "L'atelier & moi"}
    french = render_email("demo/email/hello", Recipient("a@example.org", "fr"), context)
    english = render_email("demo/email/hello", Recipient("a@example.org", "en"), context)
    assert french.subject == "Oui: L'atelier & moi"
    assert english.subject == "Yes: L'atelier & moi"


def test_the_text_is_plain_and_the_html_escaped_with_absolute_links() -> None:
    message = render_email("demo/email/hello", Recipient("a@example.org"), {"title": "A & B"})
    assert message.body == "A & B https://comptoir.example/x/"
    assert message.html == "<p>A &amp; B</p>"
    assert absolute_url("/agenda/1/") == "https://comptoir.example/agenda/1/"


def test_without_a_recipient_language_the_sites_is_used(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    message = render_email("demo/email/hello", Recipient("a@example.org"), {"title": "T"})
    assert message.subject == "Yes: T"


def test_it_leaves_after_commit_from_the_configured_sender(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_email("demo/email/hello", Recipient("a@example.org"), {"title": "T"})
        assert mail.outbox == []
    [message] = mail.outbox
    assert (message.to, message.from_email) == (
        ["a@example.org"],
        "Comptoir <bonjour@comptoir.example>",
    )
    assert message.alternatives[0][1] == "text/html"  # type: ignore[attr-defined]


def test_a_text_only_email_has_no_html_part(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_email("demo/email/plain", Recipient("a@example.org"), {"title": "T"})
    assert mail.outbox[0].alternatives == []  # type: ignore[attr-defined]


def test_nothing_leaves_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_email("demo/email/plain", Recipient("a@example.org"), {"title": "T"})
            transaction.set_rollback(True)
    assert mail.outbox == []


def test_nothing_written_while_emails_are_held_back_is_sent(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with emails_held_back():
            send_email("demo/email/plain", Recipient("held@example.org"), {"title": "Held"})
        send_email("demo/email/plain", Recipient("sent@example.org"), {"title": "Sent"})
    assert [message.to for message in mail.outbox] == [["sent@example.org"]]


def test_headers_of_its_own_go_with_the_message(django_capture_on_commit_callbacks: Any) -> None:
    headers = {"List-Unsubscribe": "<https://comptoir.example/stop/>"}
    with django_capture_on_commit_callbacks(execute=True):
        send_email("demo/email/plain", Recipient("a@example.org"), {"title": "T"}, headers=headers)
        send_email("demo/email/plain", Recipient("b@example.org"), {"title": "T"})
    with_headers, without = mail.outbox
    assert with_headers.extra_headers == headers
    assert "List-Unsubscribe" in with_headers.message()
    assert without.extra_headers == {}
