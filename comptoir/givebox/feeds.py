"""The Give Box's Atom feed: what a place's box offers now, newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comptoir.givebox import selectors
from comptoir.givebox.models import Gift
from comptoir.places.models import Place

ITEMS = 50


def entry_id(gift: Gift, domain: str) -> str:
    """A tag URI (RFC 4151): stable, and different between installations."""
    return f"tag:{domain},{gift.created_at:%Y-%m-%d}:gift-{gift.pk}"


def _summary(gift: Gift) -> str:
    return f"{gift.get_category_display()} · {gift.get_where_display()}. {gift.description}".strip()


def atom(request: HttpRequest, place: Place) -> HttpResponse:
    page = request.build_absolute_uri(reverse("givebox:box", kwargs={"slug": place.slug}))
    title = _("Give Box of %(place)s") % {"place": place.name}
    feed = Atom1Feed(
        title=title,
        link=page,
        description=title,
        language=get_language(),
        feed_url=request.build_absolute_uri(request.path),
        author_name=place.name,
        author_link=page,
    )
    domain = request.get_host().split(":")[0] or "comptoir"
    for gift in selectors.gifts_shown(place=place, now=timezone.now())[:ITEMS]:
        feed.add_item(
            title=gift.title,
            link=f"{page}#gift-{gift.pk}",
            description=_summary(gift),
            unique_id=entry_id(gift, domain),
            pubdate=gift.created_at,
            updateddate=gift.updated_at,
            categories=[str(gift.get_category_display())],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
