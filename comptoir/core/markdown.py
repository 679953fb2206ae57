"""Markdown written by people, rendered to HTML that is safe to show: Python-Markdown turns
it into HTML, then nh3 (ammonia) keeps only harmless tags and attributes."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def render(text: str) -> SafeString:
    """Sanitised HTML for `text`; headings start at h2 since the page owns the h1."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html.replace("<h1>", "<h2>").replace("</h1>", "</h2>"),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it


def plain(text: str, length: int = 300) -> str:
    """The text without its markup, for summaries, feeds and metadata."""
    stripped = nh3.clean(markdown_lib.markdown(text or ""), tags=set())
    stripped = " ".join(stripped.split())
    return stripped if len(stripped) <= length else stripped[: length - 1].rstrip() + "…"
