"""The news pages: the archive and its Atom feed (read back by feedparser), publishing from
the archive, an announcement, a member's choices."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from comptoir.news import services
from comptoir.news.models import Announcement, NeedAlert, NewsOptIn

pytestmark = pytest.mark.django_db


def test_a_concierge_publishes_from_the_archive(place, concierge, nomad, login):
    url = reverse("news:place-publish", args=[place.slug])
    assert login(nomad).post(url, {"title": "T", "body": "B"}).status_code == 403
    client = login(concierge)
    assert client.post(url, {"title": "", "body": "B"}).status_code == 422
    assert not Announcement.objects.exists()
    response = client.post(url, {"title": "Portes ouvertes", "body": "Samedi, **10 h**."})
    announcement = Announcement.objects.get()
    assert response.url == reverse("news:detail", args=[announcement.pk])
    page = Client().get(response.url).content.decode()
    assert "<strong>10 h</strong>" in page


def test_markdown_is_sanitised(place, concierge):
    announcement = services.announcement_publish(
        by=concierge,
        place=place,
        title="X",
        body="<script>alert(1)</script> [a](javascript:alert(1))",
    )
    page = Client().get(reverse("news:detail", args=[announcement.pk])).content.decode()
    assert "<script>alert" not in page and "javascript:" not in page


def test_the_archive_and_its_atom_feed(place, concierge, superuser, django_assert_max_num_queries):
    services.announcement_publish(
        by=concierge, place=place, title="Fermeture d'été", body="En août."
    )
    services.announcement_publish(
        by=superuser, network=place.network, title="Assemblée du réseau", body="Le *12*."
    )
    client = Client()
    with django_assert_max_num_queries(8):
        page = client.get(reverse("news:place", args=[place.slug]))
    assert (
        "Fermeture d&#x27;été" in page.content.decode()
        or "Fermeture d'été" in page.content.decode()
    )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("news:place-feed", args=[place.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Assemblée du réseau", "Fermeture d'été"]
    assert "<em>12</em>" in feed.entries[0].summary
    network_feed = feedparser.parse(
        client.get(reverse("news:network-feed", args=[place.network.slug])).content
    )
    assert not network_feed.bozo and len(network_feed.entries) == 2
    assert client.get(reverse("news:network", args=[place.network.slug])).status_code == 200
    assert client.get(reverse("news:place-feed", args=["inconnu"])).status_code == 404


def test_a_member_chooses_the_news_by_email(place, nomad, login):
    client = login(nomad)
    url = reverse("news:preferences")
    assert client.get(url).status_code == 200
    assert client.post(url, {"places": [place.pk], "need_alert": "on"}).status_code == 302
    assert NewsOptIn.objects.filter(person=nomad, place=place).exists()
    assert NeedAlert.objects.filter(person=nomad).exists()
    assert client.post(url, {"places": ["999999"]}).status_code == 422
    assert client.post(url, {}).status_code == 302
    assert not NewsOptIn.objects.filter(person=nomad).exists()
    assert not NeedAlert.objects.filter(person=nomad).exists()


def test_deleting_an_announcement(place, concierge, nomad, login):
    announcement = services.announcement_publish(by=concierge, place=place, title="T", body="B")
    url = reverse("news:delete", args=[announcement.pk])
    assert login(nomad).post(url).status_code == 403
    assert login(concierge).post(url).status_code == 302
    assert not Announcement.objects.exists()
