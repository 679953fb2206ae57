"""The exchange board's rules: members post, reply and close; bad input is refused whole;
posts expire; a request reaches the opted-in members with its skills, and no one else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from comptoir.community.models import Role
from comptoir.community.tests.factories import (
    PersonFactory,
    PersonSkillFactory,
    PlaceRoleFactory,
    SkillFactory,
)
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.exchange import selectors, services
from comptoir.exchange.exceptions import (
    ExpiryInvalid,
    KindInvalid,
    PostClosed,
    ReplyEmpty,
    SkillUnknown,
    TitleInvalid,
)
from comptoir.exchange.models import Post, Reply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = "https://comptoir.example"


def _member(place: Any, **fields: Any) -> Any:
    person = PersonFactory(**fields)
    PlaceRoleFactory(person=person, place=place, role=Role.RESIDENT)
    return person


def test_a_member_posts_and_another_replies_then_the_author_closes(
    place: Any, nomad: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other = _member(place)
    post = services.post_create(place=place, by=nomad, kind="lend", title="  Perceuse  à prêter ")
    assert post.title == "Perceuse à prêter"
    assert post.expires_on == timezone.localdate() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(post=post, by=other, body="Je veux bien samedi")
    assert [m.to for m in mail.outbox] == [[nomad.email]]
    with pytest.raises(NotAllowed):
        services.post_close(post=post, by=other)
    services.post_close(post=post, by=nomad)
    with pytest.raises(PostClosed):
        services.reply_create(post=post, by=other, body="Encore là ?")
    assert Reply.objects.count() == 1


def test_strangers_to_the_place_cannot_use_its_board(place: Any, person: Any) -> None:
    with pytest.raises(NotAllowed):
        services.post_create(place=place, by=person, kind="seek", title="Une scie")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "sell"}, KindInvalid),
        ({"title": "   "}, TitleInvalid),
        ({"title": "x" * 121}, TitleInvalid),
        ({"skills": ["inconnue"]}, SkillUnknown),
        ({"expires_on": dt.date(2000, 1, 1)}, ExpiryInvalid),
        ({"expires_on": timezone.localdate() + dt.timedelta(days=91)}, ExpiryInvalid),
    ],
)
def test_a_wrong_post_is_refused_whole(
    place: Any, nomad: Any, fields: dict[str, Any], error: type[DomainError]
) -> None:
    data = {"kind": "seek", "title": "Une scie sauteuse"} | fields
    with pytest.raises(error):
        services.post_create(place=place, by=nomad, **data)
    assert not Post.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="exchange").exists()


def test_an_empty_reply_is_refused(place: Any, nomad: Any) -> None:
    post = services.post_create(place=place, by=nomad, kind="help", title="Aide au déménagement")
    with pytest.raises(ReplyEmpty):
        services.reply_create(post=post, by=nomad, body="   ")


def test_open_posts_past_their_day_expire(place: Any, nomad: Any) -> None:
    post = services.post_create(place=place, by=nomad, kind="seek", title="Un escabeau")
    later = timezone.now() + dt.timedelta(days=32)
    assert services.posts_expire(now=later) == 1
    post.refresh_from_db()
    assert post.status == Post.Status.EXPIRED
    assert services.posts_expire(now=later) == 0


def test_a_request_reaches_only_opted_in_members_with_its_skills(
    place: Any, nomad: Any, django_capture_on_commit_callbacks: Any
) -> None:
    soldering = SkillFactory(name="Soudure", slug="soudure")
    opted = _member(place, email="opted@example.org")
    silent = _member(place, email="silent@example.org")
    unskilled = _member(place, email="unskilled@example.org")
    stranger = PersonFactory(email="stranger@example.org")  # opted in, skilled, not a member
    for person in (opted, silent, stranger):
        PersonSkillFactory(person=person, skill=soldering)
    for person in (opted, unskilled, stranger):
        services.alerts_set(by=person, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            place=place, by=nomad, kind="seek", title="Réparer un ampli", skills=["soudure"]
        )
    assert [m.to for m in mail.outbox] == [["opted@example.org"]]
    assert "Réparer un ampli" in mail.outbox[0].subject
    assert [p.pk for p in selectors.board(place=place, skill="soudure")] == [post.pk]
    assert list(selectors.board(place=place, skill="cuisine")) == []
    assert [p.pk for p in selectors.board(place=place, query="ampli")] == [post.pk]
    services.alerts_set(by=opted, on=False)
    assert not selectors.alerts_on(user=opted)
