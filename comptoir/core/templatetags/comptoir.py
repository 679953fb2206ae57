from __future__ import annotations

from functools import cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from comptoir.core import desk_tokens
from comptoir.core.audit import verb_label
from comptoir.core.markdown import render as markdown_render
from comptoir.core.money import format_cents

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()))


@register.filter
def desk_person(person_id: int) -> str:
    """The signed token of a person the desk found, for links to the sale page."""
    return desk_tokens.person_token(person_id)


@register.filter
def audit_verb(verb: str) -> str:
    return verb_label(verb)


@register.filter
def euros(cents: int | None) -> str:
    return format_cents(cents)


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown written by people, rendered and sanitised."""
    return markdown_render(text)


@cache
def _sprite_url() -> str:
    # A page draws a hundred icons: the sprite's (hashed) URL is looked up once per process,
    # not once per icon (the manifest does not change while a process runs).
    return static("comptoir/icons/sprite.svg")


def _forget_sprite_url(**kwargs: Any) -> None:
    _sprite_url.cache_clear()


setting_changed.connect(_forget_sprite_url)


@register.simple_tag
def icon(name: str, label: str = "", size: str = "") -> SafeString:
    """An icon of the sprite (comptoir/icons/sprite.svg, Lucide). Decorative unless a label
    is given, which screen readers then read."""
    sprite = _sprite_url()
    classes = "icon icon-lg" if size == "lg" else "icon"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" focusable="false">'
            '<use href="{}#{}"></use></svg>',
            classes,
            label,
            sprite,
            name,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        sprite,
        name,
    )


@register.simple_tag(takes_context=True)
def menu_group(context: template.Context, group: str) -> SafeString:
    """One group of the header's menu (`components/_menu.html#<group>`), drawn once per
    page: the desktop menus and the mobile menu show the same links, and drawing them
    twice cost every page a few milliseconds."""
    request = context.get("request")
    drawn: dict[str, SafeString] | None = getattr(request, "_comptoir_menus", None)
    if drawn is None:
        drawn = {}
        if request is not None:
            request._comptoir_menus = drawn  # type: ignore[attr-defined]
    if group not in drawn:
        page = context.template
        assert page is not None  # a tag is only drawn while a template renders
        partial = page.engine.get_template(f"components/_menu.html#{group}")
        drawn[group] = SafeString(partial.render(context))
    return drawn[group]


@register.inclusion_tag("components/_breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    """The trail of a deep page: `{% breadcrumbs url1 label1 url2 label2 current %}`, after
    the home page; the last label names the page itself."""
    *links, current = parts or ("",)
    crumbs = [(links[i], links[i + 1]) for i in range(0, len(links) - 1, 2)]
    return {"crumbs": crumbs, "current": current}
