"""The development mailbox (issue 14): without EMAIL_URL, emails are kept as files and read
at /dev/emails/, by anyone with DEBUG on and by staff otherwise; links use SITE_URL."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from comptoir.community.tests.factories import PersonFactory
from comptoir.core import mailbox

pytestmark = pytest.mark.django_db
URL = "/dev/emails/"


@pytest.fixture
def box(settings: Any, tmp_path: Path) -> Path:
    settings.EMAIL_BACKEND = mailbox.BACKEND
    settings.EMAIL_MAILBOX_DIR = tmp_path / "mail"
    return tmp_path / "mail"


def _send(subject: str = "Votre code", body: str = "Code : 4F7K2Q") -> None:
    mail.send_mail(subject, body, None, ["victor@comptoir.test"])


def test_each_message_is_kept_as_a_file_and_read_back(box: Path) -> None:
    _send()
    _send("Deuxième", "Lien : http://127.0.0.1:8000/agenda/1/")
    assert len(list(box.glob("*.eml"))) == 2
    newest, oldest = mailbox.latest()
    assert (newest.subject, oldest.subject) == ("Deuxième", "Votre code")
    assert oldest.to == "victor@comptoir.test" and "4F7K2Q" in oldest.text
    assert "@localhost" not in oldest.sender


def test_only_the_latest_messages_are_kept(box: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(mailbox, "KEEP", 3)
    for number in range(5):
        _send(f"n°{number}")
    assert [m.subject for m in mailbox.latest()] == ["n°4", "n°3", "n°2"]


def test_with_debug_anyone_reads_the_mailbox(box: Path, settings: Any) -> None:
    settings.DEBUG = True
    _send()
    response = Client().get(URL)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Votre code" in html and "4F7K2Q" in html and "Emails envoyés" in html


def test_without_debug_only_staff_read_it(box: Path) -> None:
    _send()
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/comptes/login/" in anonymous["Location"]
    member = Client()
    member.force_login(PersonFactory())
    assert member.get(URL).status_code == 403
    staff = Client()
    staff.force_login(PersonFactory(is_staff=True))
    response = staff.get(URL)
    assert response.status_code == 200 and "4F7K2Q" in response.content.decode()


def test_it_is_absent_once_a_real_backend_is_configured(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    staff = Client()
    staff.force_login(PersonFactory(is_staff=True, is_superuser=True))
    assert staff.get(URL).status_code == 404


def test_an_empty_mailbox_says_how_to_fill_it(box: Path, settings: Any) -> None:
    settings.DEBUG = True
    html = unescape(Client(HTTP_ACCEPT_LANGUAGE="en").get(URL).content.decode())
    assert "No email sent yet" in html


def test_the_defaults_point_links_and_sender_at_the_development_server() -> None:
    from comptoir import settings as defaults

    if "SITE_URL" not in __import__("os").environ:
        assert defaults.SITE_URL == "http://127.0.0.1:8000"
    assert "localhost" not in defaults.DEFAULT_FROM_EMAIL
