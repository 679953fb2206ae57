"""French everywhere (issue 14): every string the code marks for translation has a French
translation in the catalogue, and the demo's pages, read in French under each role, show no
English string of the catalogue (a translation looked up too early, or never)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils.translation.template import templatize

from comptoir.community.models import Person
from tests.test_pages_speak_french_dates import CONCIERGE, MEMBER, PUBLIC, TREASURER

CODE = Path(settings.BASE_DIR) / "comptoir"
CATALOGUE = CODE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# Django's translation functions, as `makemessages` reads them.
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
Message = tuple[str | None, str]  # (context, msgid)


def _source(path: Path) -> bytes | None:
    """The Python to read for `path`: a template goes through Django's `templatize` (what
    `makemessages` does), its lines unindented for Babel's tokenizer."""
    if path.suffix == ".py":
        return path.read_bytes()
    if path.suffix in (".html", ".txt") and "templates" in path.parts:
        python = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        return "\n".join(line.lstrip() for line in python.splitlines()).encode()
    return None


def marked_strings(paths: list[Path]) -> dict[Message, str]:
    """Every string marked for translation in these files → the first file marking it."""
    found: dict[Message, str] = {}
    for path in paths:
        source = _source(path)
        if source is None:
            continue
        for _line, message, _comments, context in extract(
            "python", io.BytesIO(source), keywords=KEYWORDS, options={}
        ):
            msgid = message if isinstance(message, str) else message[0]
            where = path.relative_to(CODE) if path.is_relative_to(CODE) else path
            found.setdefault((context, msgid), str(where))
    return found


def code_files() -> list[Path]:
    return [
        path
        for path in sorted(CODE.rglob("*"))
        if path.is_file() and not {"tests", "migrations"} & set(path.parts)
    ]


def untranslated(found: dict[Message, str]) -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="fr")
    missing = []
    for (context, msgid), where in found.items():
        entry = catalogue.get(msgid, context=context)
        text = entry.string if entry is not None else ""
        first = text if isinstance(text, str) else text[0]
        if entry is None or entry.fuzzy or not first:
            missing.append((where, msgid))
    return sorted(missing)


def test_every_string_marked_in_the_code_has_a_french_translation():
    found = marked_strings(code_files())
    assert len(found) > 1000  # the extraction read the code and the templates
    assert untranslated(found) == []


def test_the_extraction_reads_python_and_every_template_tag(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text(
        "{% load i18n %}<h1>{% translate 'Hello desk' %}</h1>"
        "{% blocktranslate with n=count %}{{ n }} people here{% endblocktranslate %}"
        "{% blocktranslate count n=count %}One seat{% plural %}{{ n }} seats{% endblocktranslate %}"
    )
    module = tmp_path / "module.py"
    module.write_text("from x import gettext_lazy as _\nA = _('Lazy label')\n")
    found = marked_strings([template, module])
    assert set(found) == {
        (None, "Hello desk"),
        (None, "%(n)s people here"),
        (None, "One seat"),
        (None, "Lazy label"),
    }
    assert untranslated({(None, "Never translated, surely"): "x.py"}) == [
        ("x.py", "Never translated, surely")
    ]


# --- The pages ---------------------------------------------------------------------------

WORDS = re.compile(r"[A-Za-z]{3,}")


def english_only() -> set[str]:
    """English strings of the catalogue that a French page must not show: their French
    differs, they hold no placeholder, and no French translation reads the same."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="fr")
    french = {m.string for m in catalogue if isinstance(m.string, str)}
    return {
        m.id
        for m in catalogue
        if isinstance(m.id, str)
        and isinstance(m.string, str)
        and m.string
        and m.string != m.id
        and "%" not in m.id
        and WORDS.search(m.id)
        and m.id not in french
    }


class _Texts(HTMLParser):
    """The text nodes and the read-out attributes of a page, scripts and styles left out,
    and what is marked as written in another language (the language menu's "English")."""

    READ = ("title", "alt", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0
        self._skipped = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        language = dict(attrs).get("lang") or "fr"
        if tag in ("script", "style") or not language.startswith("fr"):
            self._skip += 1
            self._skipped = tag
        shown = dict(attrs)
        if tag == "input" and shown.get("type") in ("submit", "button"):
            shown["title"] = shown.get("value")  # a button's value is its label
        for name, value in shown.items():
            if value and name in self.READ:
                self.texts.append(value.strip())
            if tag == "a" and name == "href" and value:
                self.links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == self._skipped:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def english_on(html: str, english: set[str]) -> tuple[list[str], list[str]]:
    parser = _Texts()
    parser.feed(html)
    return [text for text in parser.texts if text in english], parser.links


def _inner(link: str) -> str | None:
    """A page of this site worth reading: no feed, file or sign-out."""
    path, _fragment = urldefrag(link)
    parsed = urlparse(path)
    if parsed.scheme or parsed.netloc or not parsed.path.startswith("/"):
        return None
    if parsed.path.startswith(("/admin/", "/static/", "/media/", "/comptes/logout")):
        return None
    if re.search(r"\.(ics|xml|csv|json|pdf|txt|png|svg|atom)$", parsed.path):
        return None
    return path


@pytest.mark.django_db
def test_the_demo_pages_read_in_french_show_no_english_string_of_the_catalogue():
    call_command("comptoir_demo", stdout=StringIO())
    english = english_only()
    assert "Permanent concierge" in english  # the check knows what to look for
    found: dict[tuple[str, str], list[str]] = {}
    read = 0
    for email, start in (
        (None, PUBLIC),
        ("rosa@comptoir.test", MEMBER),
        ("claire@comptoir.test", CONCIERGE),
        ("theo@comptoir.test", TREASURER),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE="fr")
        if email:
            client.force_login(Person.objects.get(email=email))
        seen: set[str] = set()
        pending = list(start)
        while pending and len(seen) < 120:  # the start pages and the pages they link to
            path = pending.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            shown, links = english_on(response.content.decode(), english)
            if shown:
                found[(email or "anonymous", path)] = shown
            if path in start:
                pending += [inner for link in links if (inner := _inner(link))]
        read += len(seen)
    assert read > 150
    assert found == {}


def test_the_page_check_finds_english_text_and_attributes():
    english = {"Permanent concierge", "Sign in"}
    html = (
        "<p>Permanent concierge</p><input placeholder='Sign in'>"
        "<script>var a = 'Sign in';</script><p>Concierge permanente</p>"
        "<option lang='en'>Sign in</option><input type='radio' value='Sign in'>"
    )
    shown, _links = english_on(html, english)
    assert shown == ["Permanent concierge", "Sign in"]
