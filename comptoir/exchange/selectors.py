"""Reads of the exchange board: a place's posts (by kind, skill or words), one post with
its replies, a member's own posts and whether they opted in to skill alerts."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from comptoir.community.models import Skill
from comptoir.core.types import Actor
from comptoir.exchange.models import Post, Reply, SkillAlert
from comptoir.places.models import Place


def board(
    *, place: Place, kind: str = "", skill: str = "", query: str = "", open_only: bool = True
) -> QuerySet[Post]:
    """The place's posts, newest first, with author, skills and reply count (three queries
    a page)."""
    posts = Post.objects.filter(place=place)
    if open_only:
        posts = posts.filter(status=Post.Status.OPEN)
    if kind in Post.Kind.values:
        posts = posts.filter(kind=kind)
    if skill:
        posts = posts.filter(
            pk__in=Post.skills.through.objects.filter(skill__slug=skill).values("post_id")
        )
    words = " ".join(query.split())[:100]
    if words:
        posts = posts.filter(Q(title__icontains=words) | Q(body__icontains=words))
    return (
        posts.select_related("author")
        .prefetch_related(Prefetch("skills", queryset=Skill.objects.order_by("name")))
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-pk")
    )


def post_get(*, place: Place, pk: int) -> Post:
    return (
        Post.objects.select_related("author", "place")
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("replies", queryset=Reply.objects.select_related("author")),
        )
        .get(place=place, pk=pk)
    )


def skills_all() -> list[Skill]:
    return list(Skill.objects.order_by("name"))


def alerts_on(*, user: Actor) -> bool:
    return SkillAlert.objects.filter(person_id=user.pk).exists()
