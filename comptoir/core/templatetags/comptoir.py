from __future__ import annotations

from typing import Any

from django import template
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
