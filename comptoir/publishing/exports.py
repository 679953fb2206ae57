"""A place's documentation in open formats: MediaWiki wikitext ready to paste into Movilab,
a Markdown bundle (a zip with one file per section and a README) and JSON. Each carries
the CC BY-SA licence; the live blocks become wikitext tables, Markdown tables or records.

The wikitext is written from the *sanitised* HTML of each section (the same as the page
shows), so nothing a visitor could not see on the page reaches the wiki, and every
character that means something in wikitext is written as an entity."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.core.licences import Licence
from comptoir.core.markdown import render
from comptoir.places.models import Place
from comptoir.publishing.live_blocks import Cell, LiveBlock
from comptoir.publishing.selectors import DocSection

LICENCE = Licence.CC_BY_SA
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"


@dataclass(frozen=True)
class Documentation:
    place: Place
    sections: list[DocSection]
    # The site's root ("https://comptoir.example/"), to make the links absolute.
    base_url: str

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url, url) if url else ""

    @property
    def url(self) -> str:
        from django.urls import reverse

        return self.absolute(reverse("publishing:place", kwargs={"slug": self.place.slug}))


def licence_sentence() -> str:
    return _("This documentation is shared under the %(licence)s licence.") % {
        "licence": LICENCE.label
    }


# --- MediaWiki wikitext ----------------------------------------------------------------------

_WIKI_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "{": "&#123;",
    "}": "&#125;", "|": "&#124;", "=": "&#61;", "'": "&#39;", "~": "&#126;", "_": "&#95;",
}  # fmt: skip
# Apostrophes, tildes and underscores only mean something doubled (bold/italic, signatures,
# magic words) or next to our own bold/italic marks: French text keeps its apostrophes.
_WIKI_SPECIAL = re.compile(r"[&<>\[\]{}|=]|^'|'$|'(?=')|(?<=')'|~(?=~)|_(?=_)")
_LINE_START = re.compile(r"^[*#:;\- ]")


def wiki_escape(text: str) -> str:
    """Text that MediaWiki shows as is: no link, template, table, markup or signature."""
    return _WIKI_SPECIAL.sub(lambda m: _WIKI_ESCAPES[m.group()], text)


def _protect_line_start(line: str) -> str:
    """A paragraph line starting with a list, indent or rule character, made literal."""
    return _LINE_START.sub(lambda m: f"&#{ord(m.group())};", line)


class _WikiWriter(HTMLParser):
    """Sanitised section HTML (see core.markdown) to wikitext; headings go one level down
    since each section is itself a level-2 heading."""

    HEADINGS = {"h2": 3, "h3": 4, "h4": 5}

    def __init__(self, absolute: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.absolute = absolute
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.prefix = ""
        self.suffix = ""
        self.lists: list[str] = []
        self.links: list[bool] = []
        self.in_pre = False

    def flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer = []
        if text or self.prefix:
            if not self.prefix:
                text = _protect_line_start(text)
            self.lines.append(f"{self.prefix}{text}{self.suffix}".rstrip())
        self.prefix = self.suffix = ""

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_pre:
            return
        if tag in self.HEADINGS:
            self.flush()
            self.blank()
            marks = "=" * self.HEADINGS[tag]
            self.prefix, self.suffix = f"{marks} ", f" {marks}"
        elif tag == "p" and not self.lists:
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append("*" if tag == "ul" else "#")
        elif tag == "li":
            self.flush()
            self.prefix = "".join(self.lists) + " "
        elif tag in ("strong", "b"):
            self.buffer.append("'''")
        elif tag in ("em", "i"):
            self.buffer.append("''")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(bool(href))
            if href:
                self.buffer.append(f"[{self.absolute(href).replace(' ', '%20')} ")
        elif tag == "code":
            self.buffer.append("<code>")
        elif tag == "pre":
            self.flush()
            self.in_pre = True
            self.buffer.append("<pre>")
        elif tag == "blockquote":
            self.flush()
            self.lines.append("<blockquote>")
        elif tag == "br":
            self.buffer.append("<br />")
        elif tag == "hr":
            self.flush()
            self.lines += ["----", ""]
        elif tag == "table":
            self.flush()
            self.blank()
            self.lines.append('{| class="wikitable"')
        elif tag == "tr":
            self.flush()
            self.lines.append("|-")
        elif tag in ("th", "td"):
            self.flush()
            self.prefix = "! " if tag == "th" else "| "

    def handle_endtag(self, tag: str) -> None:
        if self.in_pre and tag != "pre":
            return
        if tag in self.HEADINGS or tag == "li" or tag in ("th", "td"):
            self.flush()
        elif tag == "p" and not self.lists:
            self.flush()
            self.blank()
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.pop()
            if not self.lists:
                self.blank()
        elif tag in ("strong", "b"):
            self.buffer.append("'''")
        elif tag in ("em", "i"):
            self.buffer.append("''")
        elif tag == "a" and self.links and self.links.pop():
            self.buffer.append("]")
        elif tag == "code":
            self.buffer.append("</code>")
        elif tag == "pre":
            self.buffer.append("</pre>")
            self.in_pre = False
            self.lines.append("".join(self.buffer).strip())
            self.buffer = []
            self.blank()
        elif tag == "blockquote":
            self.flush()
            self.lines += ["</blockquote>", ""]
        elif tag == "table":
            self.flush()
            self.lines += ["|}", ""]

    def handle_data(self, data: str) -> None:
        if self.in_pre:
            # MediaWiki does not parse wikitext inside <pre>; only the tags must not close it.
            self.buffer.append(data.replace("&", "&amp;").replace("<", "&lt;"))
            return
        self.buffer.append(wiki_escape(re.sub(r"\s+", " ", data)))

    def text(self) -> str:
        self.close()
        self.flush()
        return "\n".join(self.lines).strip()


def markdown_to_wikitext(body: str, *, absolute: Any = lambda url: url) -> str:
    writer = _WikiWriter(absolute)
    writer.feed(str(render(body)))
    return writer.text()


def _wiki_cell(cell: Cell, doc: Documentation) -> str:
    text = wiki_escape(cell.text)
    url = doc.absolute(cell.url)
    return f"[{url.replace(' ', '%20')} {text}]" if url and text else text


def block_to_wikitext(block: LiveBlock, doc: Documentation) -> str:
    lines = [f"'''{wiki_escape(block.title)}'''", ""]
    if not block.records:
        return "\n".join([*lines, f"''{wiki_escape(block.empty)}''"])
    if block.is_list:
        lines += [f"* {_wiki_cell(row[0], doc)}" for row in block.rows]
    else:
        lines.append('{| class="wikitable"')
        lines.append("! " + " !! ".join(wiki_escape(c.label) for c in block.columns))
        for row in block.rows:
            lines.append("|-")
            lines += [f"| {_wiki_cell(cell, doc)}" for cell in row]
        lines.append("|}")
    if block.more:
        more = wiki_escape(block.more_text)
        url = doc.absolute(block.more_url)
        lines += ["", f"''[{url} {more}]''" if url else f"''{more}''"]
    if block.notes:
        lines += ["", *[wiki_escape(note) for note in block.notes]]
    return "\n".join(lines)


def to_wikitext(doc: Documentation) -> str:
    """The whole documentation as wikitext, one level-2 heading per Movilab section."""
    generated = _("Generated by Comptoir from %(url)s") % {"url": doc.url}
    parts = [f"<!-- {generated.replace('--', '- -')} -->"]
    for section in doc.sections:
        parts.append(f"== {wiki_escape(section.title)} ==")
        if section.body.strip():
            parts.append(markdown_to_wikitext(section.body, absolute=doc.absolute))
        parts += [block_to_wikitext(block, doc) for block in section.blocks]
    licence = wiki_escape(licence_sentence()).replace(
        wiki_escape(str(LICENCE.label)), f"[{LICENCE_URL} {LICENCE.label}]"
    )
    parts += ["----", licence]
    return "\n\n".join(parts) + "\n"


# --- Markdown bundle -------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_cell(cell: Cell, doc: Documentation) -> str:
    text = md_escape(cell.text)
    url = doc.absolute(cell.url)
    return f"[{text}](<{url.replace('>', '%3E')}>)" if url and text else text


def block_to_markdown(block: LiveBlock, doc: Documentation) -> str:
    lines = [f"### {md_escape(block.title)}", ""]
    if not block.records:
        return "\n".join([*lines, f"*{md_escape(block.empty)}*"])
    if block.is_list:
        lines += [f"- {_md_cell(row[0], doc)}" for row in block.rows]
    else:
        lines.append("| " + " | ".join(md_escape(c.label) for c in block.columns) + " |")
        lines.append("|" + "|".join("---:" if c.numeric else "---" for c in block.columns) + "|")
        lines += ["| " + " | ".join(_md_cell(c, doc) for c in row) + " |" for row in block.rows]
    if block.more:
        lines += ["", md_escape(block.more_text)]
    lines += ["", *[md_escape(note) for note in block.notes]]
    return "\n".join(lines).rstrip()


def section_to_markdown(section: DocSection, doc: Documentation) -> str:
    parts = [f"# {md_escape(section.title)}"]
    if section.body.strip():
        parts.append(section.body.strip())
    parts += [block_to_markdown(block, doc) for block in section.blocks]
    return "\n\n".join(parts) + "\n"


def section_filename(index: int, section: DocSection) -> str:
    return f"{index:02d}-{section.key}.md"


def readme(doc: Documentation) -> str:
    lines = [
        f"# {md_escape(doc.place.name)}",
        "",
        md_escape(_("The open documentation of %(place)s.") % {"place": doc.place.name}),
        "",
        f"<{doc.url}>",
        "",
    ]
    lines += [
        f"{index}. [{md_escape(s.title)}]({section_filename(index, s)})"
        for index, s in enumerate(doc.sections, start=1)
    ]
    lines += ["", f"{md_escape(licence_sentence())} <{LICENCE_URL}>", ""]
    return "\n".join(lines)


def to_markdown_zip(doc: Documentation) -> bytes:
    """A zip: README.md and one Markdown file per section, in the Movilab order."""
    folder = doc.place.slug
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/README.md", readme(doc))
        for index, section in enumerate(doc.sections, start=1):
            name = f"{folder}/{section_filename(index, section)}"
            archive.writestr(name, section_to_markdown(section, doc))
    return buffer.getvalue()


# --- JSON ------------------------------------------------------------------------------------


def _block_data(block: LiveBlock, doc: Documentation) -> dict[str, Any]:
    links = {c.link for c in block.columns if c.link}
    records = [
        {k: doc.absolute(v) if k in links else v for k, v in record.items()}
        for record in block.records
    ]
    return {
        "key": block.key,
        "title": block.title,
        "columns": [{"key": c.key, "label": c.label} for c in block.columns],
        "records": records,
        "more": block.more,
    }


def to_json_data(doc: Documentation) -> dict[str, Any]:
    return {
        "place": {"name": doc.place.name, "slug": doc.place.slug, "url": doc.url},
        "licence": {"id": LICENCE.value, "name": LICENCE.label, "url": LICENCE_URL},
        "generated_at": timezone.now().isoformat(),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "body": s.body,
                "format": "markdown",
                "revision": s.section.revision,
                "updated_at": s.section.updated_at.isoformat() if s.section.pk else None,
                "blocks": [_block_data(block, doc) for block in s.blocks],
            }
            for s in doc.sections
        ],
    }


def to_json(doc: Documentation) -> str:
    return json.dumps(to_json_data(doc), ensure_ascii=False, indent=2)
