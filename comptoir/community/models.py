from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as stdnum_siret

from comptoir.core.models import TimeStampedModel
from comptoir.core.search import fold


class ProfileType(models.TextChoices):
    # The regular users named by the reference text.
    FREELANCE = "freelance", _("Freelance / independent")
    EMPLOYEE = "employee", _("Employee")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    SENIOR = "senior", _("Senior")
    STUDENT = "student", _("Student")
    MEDIATOR = "mediator", _("Digital mediator / facilitator")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    RESEARCHER = "researcher", _("Researcher / teacher")
    NEIGHBOUR = "neighbour", _("Neighbour")


class Visibility(models.TextChoices):
    HIDDEN = "hidden", _("Hidden: only me and the concierges")
    MEMBERS = "members", _("Members: people with an account")
    PUBLIC = "public", _("Public: anyone")


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> Person:
        if not email:
            raise ValueError("An email is required")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class Person(AbstractUser):
    """Someone with an account. Logs in with their email."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=30, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    profile_types = models.JSONField(_("profile"), default=list, blank=True)
    directory_visibility = models.CharField(
        _("directory visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
    )
    show_email = models.BooleanField(_("show my email to members"), default=False)
    show_presence = models.BooleanField(_("show other members when I am here"), default=False)
    preferred_language = models.CharField(_("language"), max_length=5, default="fr")
    # Set when the person's data was erased (RGPD): the row stays, anonymised, so that
    # orders, ledgers and visits still count it.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    # The member card's version, signed into its QR code (presence.cards): replacing a lost
    # card raises it, and the desk refuses every older card.
    card_version = models.PositiveIntegerField(_("member card version"), default=1)
    # The names folded for search (core.search.fold): written with the names by `save()`,
    # and by the bulk writers with `search_name_of`; PostgreSQL indexes it by trigrams
    # (migration 0008), so a name typed without its accents is found as fast at any size.
    search_name = models.TextField(_("name for search"), blank=True, db_default="", editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]
    objects = PersonManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            # The directory: active people in name order, read in index order and stopped at
            # the page size; the included visibility makes the counts index-only.
            models.Index(
                fields=["first_name", "last_name", "id"],
                include=["directory_visibility"],
                condition=Q(is_active=True),
                name="person_directory_idx",
            ),
            # Narrow, so the directory's counts per visibility are quick index-only scans; the
            # id lets a concierge's count (the open levels or her places' people) stay
            # index-only too (14 ms by a scan of every person, 8 ms so, at 20,000 people).
            models.Index(
                fields=["directory_visibility", "id"],
                condition=Q(is_active=True),
                name="person_visibility_id_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived data, not behaviour: the search column always says what the names say.
        self.search_name = search_name_of(self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased person #%(id)s") % {"id": self.pk})
        return f"{self.first_name} {self.last_name}".strip() or self.email.split("@")[0]

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()
        unknown = set(self.profile_types or []) - set(ProfileType.values)
        if unknown:
            raise ValidationError({"profile_types": _("Unknown profile type.")})


def search_name_of(first_name: str, last_name: str) -> str:
    """What `Person.search_name` holds for these names (for writers that bypass `save`)."""
    return fold(f"{first_name} {last_name}")


def validate_siret(value: str) -> None:
    if value and not stdnum_siret.is_valid(value):
        raise ValidationError(
            _("“%(value)s” is not a valid SIRET number (14 digits with a valid check digit)."),
            code="invalid_siret",
            params={"value": value},
        )


class Organization(TimeStampedModel):
    """A structure: association, cooperative, company, public body…"""

    class Category(models.TextChoices):
        # The kinds of user structures listed in the reference text.
        POPULAR_EDUCATION = "popular_education", _("Popular education")
        EMPLOYMENT = "employment", _("Employment support")
        CULTURE = "culture", _("Culture")
        SPORT = "sport", _("Sport")
        EDUCATION_RESEARCH = "education_research", _("Education & research")
        PRESS_MEDIA = "press_media", _("Press & media")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
        DIGITAL = "digital", _("Digital")
        ENVIRONMENT = "environment", _("Environment")
        SSE = "sse", _("Social and solidarity economy")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        COMPANY = "company", _("Company")

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association (loi 1901)")
        SCOP = "scop", _("SCOP")
        SCIC = "scic", _("SCIC")
        SAS = "sas", _("SAS / SASU")
        SARL = "sarl", _("SARL / EURL")
        EI = "ei", _("Sole proprietorship / micro-enterprise")
        FOUNDATION = "foundation", _("Foundation")
        PUBLIC = "public", _("Public body")
        COLLECTIVE = "collective", _("Informal collective")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), unique=True, max_length=160)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    legal_form = models.CharField(
        _("legal form"), max_length=16, choices=LegalForm.choices, default=LegalForm.ASSOCIATION
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    description = models.TextField(_("description"), blank=True, max_length=4000)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~Q(siret=""), name="organization_unique_siret"
            ),
        ]
        indexes = [models.Index(fields=["category", "name"])]

    def __str__(self) -> str:
        return self.name


class Affiliation(TimeStampedModel):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    # May edit the organization and manage its members.
    is_manager = models.BooleanField(_("manager"), default=False)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["person", "organization"], name="affiliation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organization}"


class Role(models.TextChoices):
    CONCIERGE_PERMANENT = "concierge_permanent", _("Permanent concierge")
    CONCIERGE_OCCASIONAL = "concierge_occasional", _("Occasional concierge")
    RESIDENT = "resident", _("Resident")
    NOMAD = "nomad", _("Nomad")
    TRAVELLER = "traveller", _("Traveller")
    # Keeps the accounts of the place's legal entity: closes its periods, exports its FEC.
    TREASURER = "treasurer", _("Treasurer")


CONCIERGE_ROLES = frozenset({Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL})
ROLE_LABELS = dict(Role.choices)


class PlaceRoleQuerySet(models.QuerySet["PlaceRole"]):
    def current(self, on: date | None = None) -> PlaceRoleQuerySet:
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )


class PlaceRole(TimeStampedModel):
    """A person's role in one place over a period (both bounds inclusive)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="place_roles", verbose_name=_("person")
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.CASCADE, related_name="roles", verbose_name=_("place")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = PlaceRoleQuerySet.as_manager()

    class Meta:
        ordering = ["place", "role", "-valid_from"]
        verbose_name = _("place role")
        verbose_name_plural = _("place roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="placerole_period_ordered",
            ),
        ]
        indexes = [
            # Role lists and counts of a place; `include` makes them index-only on PostgreSQL.
            models.Index(
                fields=["place", "role", "-valid_from", "-id"],
                include=["valid_until", "person"],
                name="placerole_place_listing_idx",
            ),
            models.Index(fields=["person", "place"], name="placerole_person_place_idx"),
            # Roles starting or ending soon (the concierge's dashboard).
            models.Index(fields=["place", "valid_from"], name="placerole_place_start_idx"),
            models.Index(fields=["place", "valid_until"], name="placerole_place_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.place}"

    @property
    def is_concierge(self) -> bool:
        return self.role in CONCIERGE_ROLES

    def get_role_display(self) -> str:  # type: ignore[no-redef]
        # Django's generic version rebuilds the choices dict on every call; role tables and
        # the dashboard call this for every row.
        return str(ROLE_LABELS.get(self.role, self.role))


class PlaceTie(models.Model):
    """A person is tied to a place: they held a role, visited, booked, registered or bought
    there (see `community.ties`). Kept as one row per pair so that "whose private data may
    this concierge see" is one index probe instead of one EXISTS per kind of tie over
    tables of millions of rows."""

    # No index of their own: the unique pair and the (place, person) index below lead with
    # each of them.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="place_ties",
        verbose_name=_("person"),
        db_index=False,
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("place"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("tie to a place")
        verbose_name_plural = _("ties to places")
        constraints = [
            models.UniqueConstraint(fields=["person", "place"], name="placetie_once_per_pair"),
        ]
        indexes = [
            # The people tied to a concierge's places, read from the index alone.
            models.Index(fields=["place", "person"], name="placetie_place_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} — {self.place_id}"


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True, max_length=90)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class PersonSkill(models.Model):
    class Level(models.TextChoices):
        LEARNING = "learning", _("Learning")
        CONFIDENT = "confident", _("Confident")
        EXPERT = "expert", _("Expert, can teach")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="person_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="person_skills")
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.CONFIDENT
    )

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="personskill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.skill}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash is stored; the secret is shown once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    hashed = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
