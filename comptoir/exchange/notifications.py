"""Emails of the exchange board: a request told to the members who opted in and have one
of its skills; a reply told to the post's author. Each leaves once the transaction commits,
in the recipient's language."""

from __future__ import annotations

from django.urls import reverse

from comptoir.community.models import Person, PersonSkill, PlaceRole, Skill
from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.exchange.models import Post, Reply, SkillAlert

MATCH = "exchange/email/skill_match"
REPLIED = "exchange/email/replied"


def _post_url(post: Post) -> str:
    return absolute_url(reverse("exchange:post", args=[post.place.slug, post.pk]))


def notify_matching_skills(post: Post, skills: list[Skill]) -> int:
    """The members of the place who opted in and hold one of the skills (not the author)."""
    members = PlaceRole.objects.current().filter(place_id=post.place_id).values("person_id")
    skilled = PersonSkill.objects.filter(skill__in=skills).values("person_id")
    opted = SkillAlert.objects.values("person_id")
    people = (
        Person.objects.filter(pk__in=members, is_active=True)
        .filter(pk__in=skilled)
        .filter(pk__in=opted)
        .exclude(pk=post.author_id)
        .exclude(email="")
        .order_by("pk")
    )
    context = {"post": post, "post_url": _post_url(post), "skills": skills}
    sent = 0
    for person in people:
        send_email(MATCH, Recipient.of(person), {**context, "person": person})
        sent += 1
    return sent


def notify_reply(reply: Reply) -> bool:
    author = reply.post.author
    if not author.email or not author.is_active:
        return False
    context = {
        "reply": reply,
        "post": reply.post,
        "person": author,
        "post_url": _post_url(reply.post),
    }
    send_email(REPLIED, Recipient.of(author), context)
    return True
