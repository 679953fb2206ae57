"""Emails about projects: a project's leads (porteurs) are told when someone offers help on
one of its needs, each in their own language, once the offer is committed."""

from __future__ import annotations

from django.urls import reverse

from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.projects.models import NeedAnswer, ProjectMember

NEED_ANSWERED = "projects/email/need_answered"


def notify_need_answered(answer: NeedAnswer) -> int:
    """Writes to the leads of the answered need's project (not to the helper, should they be
    a lead); returns how many emails will leave."""
    need = answer.need
    project = need.project
    leads = (
        ProjectMember.objects.filter(project=project, role=ProjectMember.Role.LEAD)
        .exclude(person_id=answer.person_id)
        .exclude(person__email="")
        .filter(person__is_active=True)
        .select_related("person")
        .order_by("pk")
    )
    context = {
        "answer": answer,
        "helper": answer.person,
        "need": need,
        "project": project,
        "project_url": absolute_url(reverse("projects:detail", args=[project.slug])),
    }
    sent = 0
    for membership in leads:
        lead = membership.person
        send_email(NEED_ANSWERED, Recipient.of(lead), {**context, "lead": lead})
        sent += 1
    return sent
