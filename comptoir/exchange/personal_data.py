"""The exchange board's part of a person's data (see `community.personal_data`): their
posts, their replies and their opt-in to skill alerts. Erasure removes them all: nothing
there is kept by law, and a post without its author means nothing to the others."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.exchange.models import Post, Reply, SkillAlert


def _posts(person: Person) -> list[Row]:
    posts = Post.objects.filter(author=person).select_related("place").order_by("pk")
    return [
        {
            "place": post.place.name,
            "kind": post.get_kind_display(),
            "title": post.title,
            "body": post.body,
            "posted_at": cell(post.created_at),
            "status": post.get_status_display(),
        }
        for post in posts
    ]


def _replies(person: Person) -> list[Row]:
    replies = Reply.objects.filter(author=person).select_related("post").order_by("pk")
    return [
        {"post": reply.post.title, "body": reply.body, "posted_at": cell(reply.created_at)}
        for reply in replies
    ]


def _alerts(person: Person) -> list[Row]:
    alert = SkillAlert.objects.filter(person=person).first()
    return [{"since": cell(alert.created_at)}] if alert else []


def erase(erasure: Erasure) -> None:
    person = erasure.person
    post_ids = list(Post.objects.filter(author=person).values_list("pk", flat=True))
    Reply.objects.filter(author=person).delete()
    Post.objects.filter(pk__in=post_ids).delete()
    SkillAlert.objects.filter(person=person).delete()
    erasure.scrub_audit(Post, post_ids)


PROVIDER = Provider(
    app="exchange",
    order=66,
    sections=(
        Section(
            "exchange_posts",
            _("Offers and requests"),
            (
                ("place", _("place")),
                ("kind", _("kind")),
                ("title", _("title")),
                ("body", _("details")),
                ("posted_at", _("posted at")),
                ("status", _("status")),
            ),
            _posts,
        ),
        Section(
            "exchange_replies",
            _("Replies to offers and requests"),
            (
                ("post", _("offer or request")),
                ("body", _("message")),
                ("posted_at", _("posted at")),
            ),
            _replies,
        ),
        Section("exchange_alerts", _("Skill alerts"), (("since", _("since")),), _alerts),
    ),
    erase=erase,
)
