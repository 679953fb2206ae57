"""The Atom feeds of the news of a place (with its network's) and of a network."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from comptoir.core.markdown import render
from comptoir.core.site import site_domain
from comptoir.news import selectors
from comptoir.news.models import Announcement
from comptoir.news.views import network_or_404, place_or_404

ITEMS = 30


def _feed(
    request: HttpRequest,
    announcements: QuerySet[Announcement],
    *,
    title: str,
    link: str,
    author: str,
) -> HttpResponse:
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=title,
        language=get_language(),
        feed_url=request.build_absolute_uri(request.path),
        author_name=author,
        author_link=request.build_absolute_uri(link),
    )
    domain = site_domain(request)
    for announcement in announcements[:ITEMS]:
        url = request.build_absolute_uri(reverse("news:detail", args=[announcement.pk]))
        feed.add_item(
            title=announcement.title,
            link=url,
            description=str(render(announcement.body)),
            unique_id=f"tag:{domain},{announcement.created_at:%Y-%m-%d}:announcement-{announcement.pk}",
            pubdate=announcement.published_at,
            updateddate=announcement.updated_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_GET
def place_feed(request: HttpRequest, slug: str) -> HttpResponse:
    place = place_or_404(slug)
    return _feed(
        request,
        selectors.announcements_of_place(place=place),
        title=_("News of %(place)s") % {"place": place.name},
        link=reverse("news:place", args=[place.slug]),
        author=place.name,
    )


@require_GET
def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    return _feed(
        request,
        selectors.announcements_of_network(network=network),
        title=_("News of %(network)s") % {"network": network.name},
        link=reverse("news:network", args=[network.slug]),
        author=network.name,
    )
