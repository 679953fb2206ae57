"""Writes of news: an announcement published (and its email queued), a member's choice to
receive a place's news by email or to hear of projects' needs for their skills, and the
unsubscribe link of the emails, which works without logging in (a signed token)."""

from __future__ import annotations

from functools import partial

from django.core import signing
from django.db import transaction

from comptoir.community.models import Person
from comptoir.core.exceptions import NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.news import permissions
from comptoir.news.audit import Verb
from comptoir.news.exceptions import (
    AudienceInvalid,
    BodyInvalid,
    NotAMember,
    TitleInvalid,
    TokenInvalid,
)
from comptoir.news.models import Announcement, NeedAlert, NewsOptIn
from comptoir.places.models import Network, Place

TITLE_MAX = 160
BODY_MAX = 20_000
UNSUBSCRIBE_SALT = "comptoir.news.unsubscribe"


def _text(value: str, error: type[TitleInvalid] | type[BodyInvalid], limit: int) -> str:
    text = (value or "").strip()
    if not text or len(text) > limit:
        raise error(field="title" if error is TitleInvalid else "body")
    return text


@transaction.atomic
def announcement_publish(
    *,
    by: Actor,
    title: str,
    body: str,
    place: Place | None = None,
    network: Network | None = None,
    send_email: bool = False,
) -> Announcement:
    """Publish an announcement of a place (its concierges) or of a network (its admins);
    with `send_email`, it leaves by email in batches once committed."""
    if (place is None) == (network is None):
        raise AudienceInvalid(field="place")
    allowed = (
        permissions.can_publish_for_place(by, place.pk)
        if place is not None
        else permissions.can_publish_for_network(by)
    )
    if not allowed:
        raise NotAllowed()
    announcement = Announcement.objects.create(
        place=place,
        network=network,
        title=_text(title, TitleInvalid, TITLE_MAX),
        body=_text(body, BodyInvalid, BODY_MAX),
        author=by,
        email=Announcement.Email.SENDING if send_email else Announcement.Email.NONE,
    )
    audit_record(
        actor=by,
        verb=Verb.ANNOUNCEMENT_PUBLISHED,
        target=announcement,
        place=place,
        data={"email": send_email, "network": network.pk if network else None},
    )
    if send_email:
        from comptoir.news.tasks import send_announcement

        transaction.on_commit(partial(send_announcement.enqueue, announcement_id=announcement.pk))
    return announcement


@transaction.atomic
def announcement_delete(*, announcement: Announcement, by: Actor) -> None:
    if announcement.place_id is not None:
        allowed = permissions.can_publish_for_place(by, announcement.place_id)
    else:
        allowed = permissions.can_publish_for_network(by)
    if not allowed:
        raise NotAllowed()
    audit_record(
        actor=by,
        verb=Verb.ANNOUNCEMENT_DELETED,
        target=announcement,
        place=announcement.place,
        data={"title": announcement.title},
    )
    announcement.delete()


def news_opt_in(*, person: Person, place: Place) -> NewsOptIn:
    """The member wants the place's news (and its network's) by email."""
    if not permissions.can_receive_news(person, place.pk):
        raise NotAMember(field="place")
    opt_in, _created = NewsOptIn.objects.get_or_create(person=person, place=place)
    return opt_in


def news_opt_out(*, person: Person, place: Place) -> int:
    deleted, _rows = NewsOptIn.objects.filter(person=person, place=place).delete()
    return deleted


def need_alert_set(*, person: Person, wanted: bool) -> bool:
    """Hear (or stop hearing) of projects' needs for one of the person's skills."""
    if wanted:
        NeedAlert.objects.get_or_create(person=person)
    else:
        NeedAlert.objects.filter(person=person).delete()
    return wanted


def unsubscribe_token(*, person_id: int, announcement: Announcement) -> str:
    """The signed token of an email's unsubscribe link: who, and from which place's (or
    network's) news. It does not expire: an old email's link still works."""
    scope = (
        {"place": announcement.place_id}
        if announcement.place_id is not None
        else {"network": announcement.network_id}
    )
    return signing.dumps({"person": person_id, **scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> dict[str, int]:
    try:
        data = signing.loads(token[:500], salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as bad:
        raise TokenInvalid(field="token") from bad
    if not isinstance(data, dict) or not isinstance(data.get("person"), int):
        raise TokenInvalid(field="token")
    return data


def unsubscribe(*, token: str) -> int:
    """Stop the emails the token's link came with: the place's, or every place of the
    network's. Running it again changes nothing."""
    data = unsubscribe_read(token)
    opt_ins = NewsOptIn.objects.filter(person_id=data["person"])
    if isinstance(data.get("place"), int):
        opt_ins = opt_ins.filter(place_id=data["place"])
    elif isinstance(data.get("network"), int):
        opt_ins = opt_ins.filter(place__network_id=data["network"])
    else:
        raise TokenInvalid(field="token")
    deleted, _rows = opt_ins.delete()
    return deleted


@transaction.atomic
def news_choices_set(*, person: Person, places: list[Place], need_alert: bool) -> None:
    """The places whose news the person gets by email (all of them held a role of theirs),
    the others dropped, and the need alert: all or nothing."""
    for place in places:
        news_opt_in(person=person, place=place)
    NewsOptIn.objects.filter(person=person).exclude(place__in=places).delete()
    need_alert_set(person=person, wanted=need_alert)
