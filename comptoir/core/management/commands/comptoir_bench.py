"""Measure the main pages and API lists on generated data; write docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.test import Client

from comptoir.community import services as community_services
from comptoir.community.models import (
    CONCIERGE_ROLES,
    Affiliation,
    ApiToken,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    Role,
    Skill,
    Visibility,
)
from comptoir.core import bench
from comptoir.core.management.commands.comptoir_generate import (
    NETWORK_SLUG,
    generated_network_exists,
)
from comptoir.core.models import AuditEvent
from comptoir.places.models import Equipment, Network, Place, Space

COUNTED_MODELS = [
    Network,
    Place,
    Space,
    Equipment,
    Person,
    Skill,
    PersonSkill,
    Organization,
    Affiliation,
    PlaceRole,
    AuditEvent,
]


def check_static_manifest() -> None:
    """With DEBUG off, pages need collectstatic's manifest; say so instead of 500s."""
    storage = staticfiles_storage
    if isinstance(storage, ManifestFilesMixin) and not storage.exists(storage.manifest_name):
        raise CommandError(
            "The static files manifest is missing: run `manage.py collectstatic` first "
            "(`make bench` does)."
        )


class Subjects:
    """The rows the measured URLs point at: a place, a member, a concierge, a profile…"""

    def __init__(self) -> None:
        places = Place.objects.active().order_by("pk")
        self.place = places.filter(network__slug=NETWORK_SLUG).first() or places.first()
        roles = PlaceRole.objects.current().filter(place=self.place)
        concierges = PlaceRole.objects.current().filter(role__in=CONCIERGE_ROLES)
        self.concierge = self._person(roles.filter(role=Role.CONCIERGE_PERMANENT))
        self.member = self._person(
            roles.filter(role__in=[Role.RESIDENT, Role.NOMAD])
            .exclude(person_id__in=concierges.values("person_id"))
            .exclude(person__is_superuser=True)
        )
        self.person = (
            Person.objects.filter(is_active=True, directory_visibility=Visibility.PUBLIC)
            .annotate(skills=Count("person_skills"))
            .filter(skills__gt=0)
            .order_by("pk")
            .first()
        )
        self.organization = (
            Organization.objects.annotate(members=Count("affiliations"))
            .filter(members__gt=0)
            .order_by("pk")
            .first()
        )

    @staticmethod
    def _person(roles: Any) -> Person | None:
        role = roles.select_related("person").order_by("pk").first()
        return role.person if role else None

    def targets(self) -> list[bench.Target]:
        T = bench.Target
        slug = self.place.slug if self.place else None
        place = f"/lieux/{slug}/" if slug else None

        def under(prefix: str | None, rest: str) -> str | None:
            return f"{prefix}{rest}" if prefix else None

        person = f"/communaute/personnes/{self.person.pk}/" if self.person else None
        org = f"/structures/{self.organization.slug}/" if self.organization else None
        return [
            T("Floor", "/bench/floor/"),
            T("Home", "/"),
            T("Home", "/", "member"),
            T("Home (dashboard)", "/", "concierge"),
            T("Places", "/lieux/"),
            T("Place", place),
            T("Directory", "/communaute/"),
            T("Directory", "/communaute/", "member"),
            T("Directory, skill search", "/communaute/?skill=Python", "member"),
            T("Person", person, "member"),
            T("Structures", "/structures/"),
            T("Structure", org),
            T("Roles", under(place, "roles/"), "concierge"),
            T("Audit log", under(place, "journal/"), "concierge"),
            T("My profile", "/profil/", "member"),
            T("API places", "/api/v1/places", kind="api"),
            T("API spaces", "/api/v1/spaces", kind="api"),
            T("API people", "/api/v1/people", kind="api"),
            T("API organizations", "/api/v1/organizations", kind="api"),
            T(
                "API roles",
                under(f"/api/v1/places/{slug}", "/roles") if slug else None,
                "concierge (token)",
                "api",
            ),
        ]


class Command(BaseCommand):
    help = "Measure pages and API lists (median, p95, SQL queries) and write a Markdown report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="docs/benchmarks.md")
        parser.add_argument("--requests", type=int, default=60)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--skip-generate", action="store_true")
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="create the PostgreSQL database when missing, then migrate it",
        )
        parser.add_argument("--scale", type=float, default=1.0, help="passed to comptoir_generate")

    def handle(self, *args: Any, **options: Any) -> None:
        check_static_manifest()
        if options["prepare"]:
            if bench.ensure_database():
                self.stdout.write(f"Created database {settings.DATABASES['default']['NAME']}.")
            call_command("migrate", interactive=False, verbosity=0)
        if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
            call_command("createcachetable", verbosity=0)
        if not options["skip_generate"] and not generated_network_exists():
            self.stdout.write("No generated data: running comptoir_generate…")
            call_command("comptoir_generate", scale=options["scale"], stdout=self.stdout)
        subjects = Subjects()
        clients, token = self.clients(subjects)
        load_before = bench.load_average()
        try:
            results = bench.run(
                subjects.targets(),
                clients,
                requests=options["requests"],
                warmup=options["warmup"],
                progress=self.show,
            )
        finally:
            if token is not None:
                token.delete()
        report = bench.render_report(
            results=results,
            models=COUNTED_MODELS,
            requests=options["requests"],
            warmup=options["warmup"],
            load=(load_before, bench.load_average()),
        )
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

    def clients(self, subjects: Subjects) -> tuple[dict[str, Client], ApiToken | None]:
        member, concierge = (
            Client(raise_request_exception=False),
            Client(raise_request_exception=False),
        )
        if subjects.member:
            member.force_login(subjects.member)
        if subjects.concierge:
            concierge.force_login(subjects.concierge)
        token, secret = None, ""
        if subjects.concierge:
            token, secret = community_services.api_token_create(
                person=subjects.concierge, name="comptoir_bench", by=subjects.concierge
            )
        api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")
        clients = {
            "anonymous": Client(raise_request_exception=False),
            "member": member,
            "concierge": concierge,
            "concierge (token)": api,
        }
        return clients, token

    def show(self, result: bench.Result) -> None:
        self.stdout.write(
            f"{result.target.label:28} {result.target.who:18} {result.status or '-':>4} "
            f"q={result.queries if result.queries is not None else '-':>3} "
            f"median={bench.fmt_ms(result.median_ms):>6} p95={bench.fmt_ms(result.p95_ms):>6} "
            f"{result.verdict()}"
        )
