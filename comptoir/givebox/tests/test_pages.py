"""The Give Box's pages: anyone posts (with a photo, refused with a 4xx when it is not a
picture, nothing saved), reserves, throttled; the Atom feed validates; the concierge
moderates; the figures and their source are on the page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import feedparser
import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from comptoir.core.models import Photo
from comptoir.givebox.models import Gift
from comptoir.givebox.tests.factories import make_gift

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    for cache in caches.all():
        cache.clear()  # the throttles' counters
    return tmp_path


def url(name: str, place: Any, **kwargs: Any) -> str:
    return reverse(f"givebox:{name}", kwargs={"slug": place.slug, **kwargs})


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(out, "PNG")
    return SimpleUploadedFile("bouilloire.png", out.getvalue(), "image/png")


def gift_form(**fields: Any) -> dict[str, Any]:
    return {"title": "Bouilloire", "category": "appliance", "where": "box", **fields}


def test_anyone_posts_an_object_with_its_photo(place):
    response = Client().post(url("post", place), gift_form(photo=png()))
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert Photo.objects.get(kind="gift", object_id=gift.pk).alt == "Bouilloire"
    page = Client().get(url("box", place)).content.decode()
    assert "Bouilloire" in page and "ADEME" in page


def test_a_photo_that_is_not_a_picture_is_refused_and_nothing_is_saved(place):
    fake = SimpleUploadedFile("photo.png", b"not a picture at all", "image/png")
    response = Client().post(url("post", place), gift_form(photo=fake))
    assert response.status_code == 422
    assert not Gift.objects.exists() and not Photo.objects.exists()


def test_an_object_to_collect_without_contact_is_refused(place):
    response = Client().post(url("post", place), gift_form(where="collect"))
    assert response.status_code == 422 and not Gift.objects.exists()


def test_posting_without_an_account_is_throttled(place):
    client = Client()
    statuses = [client.post(url("post", place), gift_form()).status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert Gift.objects.count() == 5


def test_someone_reserves_and_a_second_is_told_it_is_held(place):
    gift = make_gift(place)
    assert Client().post(url("reserve", place, pk=gift.pk), {"name": "Aïcha"}).status_code == 302
    second = Client().post(url("reserve", place, pk=gift.pk), {"name": "Bruno"})
    assert second.status_code == 409
    assert Client().post(url("reserve", place, pk=gift.pk), {"name": ""}).status_code == 422


def test_the_atom_feed_is_valid_and_lists_what_is_offered(place):
    make_gift(place, title="Tabouret", category="furniture")
    hidden = make_gift(place, title="Caché")
    Gift.objects.filter(pk=hidden.pk).update(status="hidden")
    response = Client().get(url("atom", place))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.author_detail.name == place.name
    assert [entry.title for entry in feed.entries] == ["Tabouret"]
    assert feed.entries[0].id.startswith("tag:")


def test_the_concierge_moderates_and_others_may_not(place, concierge, nomad, login):
    gift = make_gift(place)
    page = url("moderate", place, pk=gift.pk)
    assert login(nomad).post(page, {"action": "hide"}).status_code == 403
    assert login(nomad).get(url("moderation", place)).status_code == 403
    client = login(concierge)
    assert client.get(url("moderation", place)).status_code == 200
    assert client.post(page, {"action": "nonsense"}).status_code == 422
    assert client.post(page, {"action": "taken"}).status_code == 302
    assert Gift.objects.get().status == Gift.Status.TAKEN
    assert client.post(page, {"action": "hide"}).status_code == 409


def test_the_box_page_query_count_does_not_grow(place, django_assert_max_num_queries):
    for n in range(10):
        make_gift(place, title=f"Objet {n}")
    with django_assert_max_num_queries(12):
        assert Client().get(url("box", place)).status_code == 200
