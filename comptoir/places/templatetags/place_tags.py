from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from comptoir.places import selectors
from comptoir.places.models import Place, Typology

register = template.Library()


@register.simple_tag
def open_badge(place: Place) -> SafeString:
    """“Open until 18:00” / “Closed · opens Monday at 09:00”, as a badge."""
    status = selectors.place_open_status(place=place)
    return format_html('<span class="badge {}">{}</span>', status.css_class, status.label)


@register.filter
def typology_label(code: str) -> str:
    try:
        return str(Typology(code).label)
    except ValueError:
        return code
