"""The news API: a place's and a network's announcements (anyone), publishing (the place's
concierges, the network admins), deleting, and each person's email choices."""

from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.news.models import Announcement, NewsOptIn

pytestmark = pytest.mark.django_db


def test_publish_read_and_delete(place, concierge_api, member_api, superuser):
    url = f"/places/{place.slug}/announcements"
    assert_error(member_api.post(url, {"title": "T", "body": "B"}), 403)
    assert_error(concierge_api.post(url, {"title": " ", "body": "B"}), 422)
    created = concierge_api.post(url, {"title": "Portes ouvertes", "body": "Samedi **10 h**."})
    assert created.status_code == 201, created.content
    assert "<strong>10 h</strong>" in created.json()["body_html"]
    network_url = f"/networks/{place.network.slug}/announcements"
    assert_error(concierge_api.post(network_url, {"title": "T", "body": "B"}), 403)
    admin = ApiClient(token_for(superuser))
    assert admin.post(network_url, {"title": "Assemblée", "body": "Le 12."}).status_code == 201
    anonymous = ApiClient()
    titles = [a["title"] for a in anonymous.get(url).json()["items"]]
    assert titles == ["Assemblée", "Portes ouvertes"]
    pk = created.json()["id"]
    assert anonymous.get(f"/announcements/{pk}").status_code == 200
    assert_error(member_api._send("delete", f"/announcements/{pk}"), 403)
    assert concierge_api._send("delete", f"/announcements/{pk}").status_code == 204
    assert Announcement.objects.count() == 1


def test_my_news_choices(place, foreign_place, nomad):
    api = ApiClient(token_for(nomad))
    assert api._send(
        "put", "/people/me/news", {"place_slugs": [place.slug], "need_alert": True}
    ).json() == {
        "place_slugs": [place.slug],
        "need_alert": True,
    }
    refused = api._send("put", "/people/me/news", {"place_slugs": [place.slug, foreign_place.slug]})
    assert_error(refused, 422, "not_a_member")
    assert list(NewsOptIn.objects.values_list("place_id", flat=True)) == [place.pk]
    assert api.get("/people/me/news").json()["need_alert"] is True
    assert_error(ApiClient().get("/people/me/news"), 401)
