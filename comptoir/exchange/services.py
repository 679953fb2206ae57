"""Writes of the exchange board, one transaction each: post an offer or a request, reply,
close, expire (the daily task), and a member's opt-in to the alerts of requests matching
their skills. A post or a reply is refused whole when one of its parts is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.community.models import Skill
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.exchange import notifications, permissions
from comptoir.exchange.audit import Verb
from comptoir.exchange.exceptions import (
    ExpiryInvalid,
    KindInvalid,
    PostClosed,
    ReplyEmpty,
    SkillUnknown,
    TextTooLong,
    TitleInvalid,
)
from comptoir.exchange.models import Post, Reply, SkillAlert
from comptoir.places.models import Place

DEFAULT_DAYS = 30
MAX_DAYS = 90
MAX_SKILLS = 5


def place_today(place: Place, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), timezone=ZoneInfo(place.timezone)).date()


def _skills(slugs: Iterable[str]) -> list[Skill]:
    wanted = {str(slug).strip() for slug in slugs if str(slug).strip()}
    if len(wanted) > MAX_SKILLS:
        raise SkillUnknown(field="skills")
    found = list(Skill.objects.filter(slug__in=wanted))
    if len(found) != len(wanted):
        raise SkillUnknown(field="skills")
    return found


@transaction.atomic
def post_create(
    *,
    place: Place,
    by: Actor,
    kind: str,
    title: str,
    body: str = "",
    skills: Iterable[str] = (),
    expires_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Post:
    """An offer or a request on the place's board, open until `expires_on` (30 days by
    default, 90 at most); for a request, the members who opted in and have one of its
    skills are told."""
    if not permissions.can_use_board(by, place.pk):
        raise NotAllowed(_("Only the members of the place use its board."))
    if kind not in Post.Kind.values:
        raise KindInvalid(field="kind")
    title = " ".join((title or "").split())
    if not title or len(title) > 120:
        raise TitleInvalid(field="title")
    body = (body or "").strip()
    if len(body) > 2000:
        raise TextTooLong(_("At most 2000 characters."), field="body")
    today = place_today(place, now)
    expires_on = expires_on or today + dt.timedelta(days=DEFAULT_DAYS)
    if not today < expires_on <= today + dt.timedelta(days=MAX_DAYS):
        raise ExpiryInvalid(field="expires_on")
    found = _skills(skills)
    post = Post.objects.create(
        place=place, author=by, kind=kind, title=title, body=body, expires_on=expires_on
    )
    post.skills.set(found)
    audit_record(actor=by, verb=Verb.POST_CREATED, target=post, place=place, data={"kind": kind})
    if kind == Post.Kind.SEEK and found:
        notifications.notify_matching_skills(post, found)
    return post


@transaction.atomic
def reply_create(*, post: Post, by: Actor, body: str) -> Reply:
    if not permissions.can_use_board(by, post.place_id):
        raise NotAllowed(_("Only the members of the place use its board."))
    body = (body or "").strip()
    if not body or len(body) > 1000:
        raise ReplyEmpty(field="body")
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.status != Post.Status.OPEN:
        raise PostClosed()
    reply = Reply.objects.create(post=locked, author=by, body=body)
    audit_record(actor=by, verb=Verb.REPLY_CREATED, target=locked, place=post.place)
    if locked.author_id != by.pk:
        notifications.notify_reply(reply)
    return reply


@transaction.atomic
def post_close(*, post: Post, by: Actor) -> Post:
    """The author (or a concierge) closes a post: found, lent, done."""
    if not permissions.can_close(by, post):
        raise NotAllowed(_("Only its author or a concierge closes it."))
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if not locked.can_become(Post.Status.CLOSED):
        raise PostClosed()
    locked.status = Post.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=by, verb=Verb.POST_CLOSED, target=locked, place=post.place)
    post.status, post.closed_at = locked.status, locked.closed_at
    return locked


@transaction.atomic
def posts_expire(*, now: dt.datetime | None = None) -> int:
    """The daily task: the open posts past their day close as expired."""
    now = now or timezone.now()
    # The earliest "today" of any time zone: no post expires before its own day is over.
    today = (now - dt.timedelta(hours=14)).date()
    due = Post.objects.filter(status=Post.Status.OPEN, expires_on__lt=today)
    ids = list(due.values_list("pk", flat=True))
    if ids:
        Post.objects.filter(pk__in=ids).update(
            status=Post.Status.EXPIRED, closed_at=now, updated_at=now
        )
    return len(ids)


@transaction.atomic
def alerts_set(*, by: Actor, on: bool) -> bool:
    """Switch on or off the emails about requests matching `by`'s skills."""
    if on:
        _alert, created = SkillAlert.objects.get_or_create(person=by)
        changed = created
    else:
        changed = SkillAlert.objects.filter(person=by).delete()[0] > 0
    if changed:
        audit_record(actor=by, verb=Verb.ALERTS_SET, target=by, data={"on": on})
    return on
