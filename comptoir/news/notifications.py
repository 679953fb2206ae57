"""Emails of news: an announcement to the members who opted in, in batches (each with its
own unsubscribe link, in the text, in the HTML rendered from its Markdown and in the
`List-Unsubscribe` header), and a project's need to the members with the skill who asked."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from comptoir.community.models import Person, PersonSkill, PlaceRole
from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.core.markdown import plain
from comptoir.news.models import Announcement, Delivery, NeedAlert, NewsOptIn
from comptoir.news.services import unsubscribe_token
from comptoir.projects.models import Need, ProjectMember

BATCH = 50
ANNOUNCEMENT = "news/email/announcement"
NEED = "news/email/need_posted"


def recipients(announcement: Announcement) -> QuerySet[Person]:
    """Who opted in for the place (any place of the network) and still holds a role there,
    has an email and has not had this announcement yet."""
    opt_ins = NewsOptIn.objects.all()
    if announcement.place_id is not None:
        opt_ins = opt_ins.filter(place_id=announcement.place_id)
    else:
        opt_ins = opt_ins.filter(place__network=announcement.network)
    holds_a_role = PlaceRole.objects.current().filter(
        person_id=OuterRef("person_id"), place_id=OuterRef("place_id")
    )
    opted_member = opt_ins.filter(person_id=OuterRef("pk")).filter(Exists(holds_a_role))
    return (
        Person.objects.filter(Exists(opted_member), is_active=True)
        .exclude(email="")
        .exclude(pk__in=Delivery.objects.filter(announcement=announcement).values("person_id"))
        .order_by("pk")
    )


def send_announcement_batch(announcement_id: int) -> int:
    """The next BATCH emails; the task is queued again while some remain. Each person gets
    the announcement once (a Delivery row each, in the transaction that sends it)."""
    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update(of=("self",))
            .select_related("place", "network")
            .filter(pk=announcement_id, email=Announcement.Email.SENDING)
            .first()
        )
        if announcement is None:
            return 0
        batch = list(recipients(announcement)[: BATCH + 1])
        more, batch = len(batch) > BATCH, batch[:BATCH]
        _send(announcement, batch)
        announcement.emailed_count += len(batch)
        if not more:
            announcement.email = Announcement.Email.SENT
        announcement.save(update_fields=["emailed_count", "email", "updated_at"])
        if more:
            from comptoir.news.tasks import send_announcement

            transaction.on_commit(
                partial(send_announcement.enqueue, announcement_id=announcement.pk)
            )
    return len(batch)


def _send(announcement: Announcement, people: list[Person]) -> None:
    archive = (
        reverse("news:place", args=[announcement.place.slug])
        if announcement.place
        else reverse("news:network", args=[announcement.network.slug])  # type: ignore[union-attr]
    )
    context = {
        "announcement": announcement,
        "text": announcement.body,
        "summary": plain(announcement.body, 200),
        "from_name": announcement.place.name if announcement.place else announcement.network.name,  # type: ignore[union-attr]
        "archive_url": absolute_url(archive),
    }
    Delivery.objects.bulk_create(
        [
            Delivery(announcement=announcement, person=person, sent_at=timezone.now())
            for person in people
        ]
    )
    for person in people:
        token = unsubscribe_token(person_id=person.pk, announcement=announcement)
        link = absolute_url(reverse("news:unsubscribe", args=[token]))
        send_email(
            ANNOUNCEMENT,
            Recipient.of(person),
            {**context, "unsubscribe_url": link},
            headers=unsubscribe_headers(link),
        )


def unsubscribe_headers(link: str) -> dict[str, str]:
    """The mail client's own unsubscribe button: the link, which a POST without login
    follows at once (RFC 2369 and RFC 8058's one-click)."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def need_recipients(need: Need) -> QuerySet[Person]:
    """The people who asked for need alerts and have the need's skill, not in its project."""
    return (
        Person.objects.filter(
            is_active=True,
            pk__in=NeedAlert.objects.values("person_id"),
        )
        .filter(pk__in=PersonSkill.objects.filter(skill=need.skill).values("person_id"))
        .exclude(email="")
        .exclude(
            pk__in=ProjectMember.objects.filter(project_id=need.project_id).values("person_id")
        )
        .exclude(Q(pk=need.created_by_id) if need.created_by_id else Q(pk__in=[]))
        .order_by("pk")
    )


def notify_need_posted(need_id: int) -> int:
    need = Need.objects.select_related("project", "skill").filter(pk=need_id).first()
    if need is None or need.skill_id is None or need.status != Need.Status.OPEN:
        return 0
    url = absolute_url(reverse("projects:detail", args=[need.project.slug]))
    settings_url = absolute_url(reverse("news:preferences"))
    sent = 0
    for person in need_recipients(need):
        send_email(
            NEED,
            Recipient.of(person),
            {
                "need": need,
                "project": need.project,
                "project_url": url,
                "settings_url": settings_url,
            },
        )
        sent += 1
    return sent
