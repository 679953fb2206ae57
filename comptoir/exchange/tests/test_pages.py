"""The exchange board's pages: a member posts a request, another finds it by skill and
replies, the author closes it; strangers get 403; bad input a 422, nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from comptoir.community.tests.factories import SkillFactory
from comptoir.exchange import services
from comptoir.exchange.models import Post, Reply, SkillAlert

pytestmark = pytest.mark.django_db


def test_a_member_posts_another_replies_the_author_closes(
    place: Any, nomad: Any, concierge: Any, login: Any
) -> None:
    SkillFactory(name="Couture", slug="couture")
    nina = login(nomad)
    response = nina.post(
        reverse("exchange:post-create", args=[place.slug]),
        {"kind": "seek", "title": "Ourlet de rideau", "skills": ["couture"]},
    )
    post = Post.objects.get()
    assert response.status_code == 302
    claire = login(concierge)
    board = claire.get(reverse("exchange:board", args=[place.slug]), {"skill": "couture"})
    assert "Ourlet de rideau" in board.content.decode()
    response = claire.post(
        reverse("exchange:reply", args=[place.slug, post.pk]), {"body": "Je sais faire"}
    )
    assert response.status_code == 302
    page = nina.get(reverse("exchange:post", args=[place.slug, post.pk]))
    assert "Je sais faire" in page.content.decode()
    assert nina.post(reverse("exchange:close", args=[place.slug, post.pk])).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.CLOSED


def test_bad_posts_and_replies_are_a_422_and_save_nothing(
    place: Any, nomad: Any, login: Any
) -> None:
    nina = login(nomad)
    url = reverse("exchange:post-create", args=[place.slug])
    response = nina.post(url, {"kind": "seek", "title": "x", "expires_on": "2000-01-01"})
    assert response.status_code == 422
    assert "90 jours" in response.content.decode()
    assert nina.post(url, {"kind": "vendre", "title": "Vélo"}).status_code == 422
    assert not Post.objects.exists()
    post = services.post_create(place=place, by=nomad, kind="lend", title="Perceuse")
    reply = reverse("exchange:reply", args=[place.slug, post.pk])
    assert nina.post(reply, {"body": ""}).status_code == 422
    assert not Reply.objects.exists()


def test_strangers_get_a_403(place: Any, person: Any, nomad: Any, login: Any) -> None:
    post = services.post_create(place=place, by=nomad, kind="lend", title="Perceuse")
    stranger = login(person)
    assert stranger.get(reverse("exchange:board", args=[place.slug])).status_code == 403
    assert stranger.get(reverse("exchange:post", args=[place.slug, post.pk])).status_code == 403
    assert stranger.post(reverse("exchange:close", args=[place.slug, post.pk])).status_code == 403


def test_a_member_switches_the_skill_alerts(place: Any, nomad: Any, login: Any) -> None:
    nina = login(nomad)
    url = reverse("exchange:alerts")
    assert nina.post(url, {"on": "1", "slug": place.slug}).status_code == 302
    assert SkillAlert.objects.filter(person=nomad).exists()
    nina.post(url, {"on": "0"})
    assert not SkillAlert.objects.exists()


def test_the_board_keeps_its_query_count(
    place: Any, nomad: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    for skill in ("couture", "velo"):
        SkillFactory(name=skill.title(), slug=skill)
    for number in range(8):
        services.post_create(
            place=place,
            by=nomad,
            kind="seek",
            title=f"Demande {number}",
            skills=["couture", "velo"],
        )
    nina = login(nomad)
    with django_assert_max_num_queries(12):
        assert nina.get(reverse("exchange:board", args=[place.slug])).status_code == 200
    post = Post.objects.first()
    assert post is not None
    with django_assert_max_num_queries(12):
        assert nina.get(reverse("exchange:post", args=[place.slug, post.pk])).status_code == 200
