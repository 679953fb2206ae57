"""The open documentation of each place in the Movilab structure (editable Markdown
sections with their full revision history), its shared-resources library and press list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.licences import Licence
from comptoir.core.media import media_url
from comptoir.core.models import TimeStampedModel


class SectionKey(models.TextChoices):
    """The sections of a tiers-lieu's page on Movilab, in their order."""

    PLACE = "le-lieu", "Le lieu"
    SERVICES = "les-services", "Les services"
    OFFERS = "les-offres", "Les offres"
    GOVERNANCE = "la-gouvernance", "La gouvernance"
    COMMUNITIES = "les-communautes", "Les communautés"
    TERRITORY = "le-territoire", "Le territoire"
    ECONOMIC_MODEL = "le-modele-economique", "Le modèle économique"
    PROJECTS = "les-projets", "Les projets"
    SHARED_RESOURCES = "les-ressources-partagees", "Les ressources partagées"
    PRESS = "presse-et-medias", "Presse et médias"
    NEXT = "et-maintenant", "Et maintenant"


class Section(TimeStampedModel):
    """The current text of one section; `revision` is its latest revision's number, which
    an editor sends back so that a concurrent edit is detected, never silently lost."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="doc_sections")
    key = models.CharField(_("section"), max_length=32, choices=SectionKey.choices)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["place", "key"]
        verbose_name = _("documentation section")
        verbose_name_plural = _("documentation sections")
        constraints = [
            models.UniqueConstraint(fields=["place", "key"], name="section_once_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.place} · {self.get_key_display()}"


class Revision(models.Model):
    """Every saved version of a section, kept forever (history and diffs)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    summary = models.CharField(_("summary of the change"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="revision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.section} #{self.number}"


class SharedResource(TimeStampedModel):
    """A resource the place shares: a guide, a template, a study, a tool."""

    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="shared_resources"
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=160, blank=True)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="resources/%Y/", blank=True)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices, blank=True)
    theme = models.CharField(_("theme"), max_length=80, blank=True)

    class Meta:
        ordering = ["theme", "title"]
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")

    def __str__(self) -> str:
        return self.title

    @property
    def file_url(self) -> str:
        """Where the file is read, through the app's checks (comptoir.core.media)."""
        return media_url(self.file.name) if self.file and self.file.name else ""


class PressItem(TimeStampedModel):
    """An article, a broadcast or a report about the place."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="press")
    title = models.CharField(_("title"), max_length=200)
    outlet = models.CharField(_("media"), max_length=160)
    url = models.URLField(_("link"), blank=True)
    published_on = models.DateField(_("published on"))

    class Meta:
        ordering = ["-published_on", "pk"]
        verbose_name = _("press item")
        verbose_name_plural = _("press items")

    def __str__(self) -> str:
        return self.title


class Page(TimeStampedModel):
    """A page of the documentation beyond the Movilab sections: the minutes of a meeting,
    kept by `receivers` each time governance publishes or corrects them (one page per
    meeting, updated, never duplicated), of its place or of its network. `revision` is its
    latest revision's number."""

    place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="doc_pages",
        verbose_name=_("place"),
    )
    network = models.ForeignKey(
        "places.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="doc_pages",
        verbose_name=_("network"),
    )
    meeting = models.OneToOneField(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="doc_page",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("page title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("documentation page")
        verbose_name_plural = _("documentation pages")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(place__isnull=False) & models.Q(network__isnull=True))
                | (models.Q(place__isnull=True) & models.Q(network__isnull=False)),
                name="doc_page_place_xor_network",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PageRevision(models.Model):
    """Every saved version of a page, kept forever (its history)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    summary = models.CharField(_("summary of the change"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["page", "-number"]
        verbose_name = _("page revision")
        verbose_name_plural = _("page revisions")
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="page_revision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.page} #{self.number}"
