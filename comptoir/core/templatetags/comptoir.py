from __future__ import annotations

from collections import OrderedDict
from functools import cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language

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


class _NoPath:
    """Stands for the request while a menu is drawn for every page: no link is current."""

    path = "\x00"


_MENUS: OrderedDict[tuple[Any, ...], SafeString] = OrderedDict()
_MENUS_KEPT = 2048  # a few groups × languages × the menus people's roles draw


def _menu_html(context: template.Context, group: str) -> SafeString:
    """The group's links drawn once per process for the same menu (the `nav` of
    comptoir.home.navigation, signed in or not, the language): its forty links and icons
    cost a concierge's page several milliseconds when drawn each time."""
    nav = context.get("nav")
    user = context.get("user")
    key = (group, get_language(), bool(user and user.is_authenticated), _nav_key(nav))
    html = _MENUS.get(key)
    if html is None:
        page = context.template
        assert page is not None  # a tag is only drawn while a template renders
        partial = page.engine.get_template(f"components/_menu.html#{group}")
        with context.push(request=_NoPath()):
            html = _MENUS[key] = SafeString(partial.render(context))
        while len(_MENUS) > _MENUS_KEPT:
            _MENUS.popitem(last=False)
    return html


def _nav_key(nav: Any) -> str:
    # `nav` is lazy: read it once, then key on the Navigation itself (a dataclass's repr
    # holds every field), not on the proxy's repr, which names its factory until then.
    getattr(nav, "section", None)
    return repr(getattr(nav, "_wrapped", nav))


def _forget_menus(**kwargs: Any) -> None:
    _MENUS.clear()


setting_changed.connect(_forget_menus)


@register.simple_tag(takes_context=True)
def menu_group(context: template.Context, group: str) -> SafeString:
    """One group of the header's menu (`components/_menu.html#<group>`), the link to the
    page itself marked current (as the partial would mark it: `request.path == url`)."""
    html = _menu_html(context, group)
    request = context.get("request")
    if request is None:
        return html
    link = f'<a href="{escape(request.path)}">'
    return SafeString(html.replace(link, f'{link[:-1]} aria-current="page">'))


@register.inclusion_tag("components/_breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    """The trail of a deep page: `{% breadcrumbs url1 label1 url2 label2 current %}`, after
    the home page; the last label names the page itself."""
    *links, current = parts or ("",)
    crumbs = [(links[i], links[i + 1]) for i in range(0, len(links) - 1, 2)]
    return {"crumbs": crumbs, "current": current}
