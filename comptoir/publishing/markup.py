"""A section's Markdown as safe HTML under the section's own heading (an h2): its headings
start at h3, so the page's outline stays in order."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from comptoir.core.markdown import render


def section_html(body: str) -> SafeString:
    # `render` has sanitised the HTML (headings h2-h4 without attributes, every "<" of the
    # text escaped), so shifting the heading tags is a plain replacement.
    html = str(render(body))
    for old, new in (("h3", "h4"), ("h2", "h3")):
        html = html.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return mark_safe(html)  # noqa: S308 - sanitised by `render`
