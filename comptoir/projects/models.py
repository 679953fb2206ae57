"""Cooperative projects between the users of a place: their members, their journal, what
they need and who offers to help. (What people contribute lives in `contributions`, the
incubation of a project in `incubator`.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.licences import Licence
from comptoir.core.models import TimeStampedModel


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        IDEA = "idee", _("Idea")
        INCUBATION = "incubation", _("In incubation")
        ACTIVE = "actif", _("Active")
        PAUSED = "pause", _("Paused")
        DONE = "termine", _("Finished")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=90, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, blank=True, default=""
    )
    code_url = models.URLField(_("code"), blank=True)
    site_url = models.URLField(_("website"), blank=True)
    places = models.ManyToManyField("places.Place", related_name="projects", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="project_status_updated_idx")
        ]

    def __str__(self) -> str:
        return self.title


class ProjectMember(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "porteur", _("Project lead")
        CONTRIBUTOR = "contributeur", _("Contributor")
        MENTOR = "mentor", _("Mentor")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="project_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) → {self.project}"


class JournalEntry(TimeStampedModel):
    """A dated update in a project's journal."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")


class Need(TimeStampedModel):
    """What a project asks the community for: a skill, a resource, funding, people."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("A skill")
        RESOURCE = "resource", _("A resource")
        FUNDING = "funding", _("Funding")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("what is needed"), max_length=160)
    description = models.TextField(_("details"), blank=True)
    skill = models.ForeignKey(
        "community.Skill",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        verbose_name=_("skill"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["status", "-created_at", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.title


class NeedAnswer(TimeStampedModel):
    """ "Je peux aider": someone offers to meet a need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_answers"
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        constraints = [models.UniqueConstraint(fields=["need", "person"], name="need_answer_once")]
