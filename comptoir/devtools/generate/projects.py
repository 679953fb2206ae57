"""Network-scale projects for the benchmarks (used by `comptoir_generate`): projects of the
generated places with their members, journal, needs and answers, two years of
contributions (most validated), a few prestations, and each place's documentation.

Written with COPY on PostgreSQL, like the rest of the generator."""

from __future__ import annotations

import random
import time as time_module
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils.text import slugify

from comptoir.community.models import CONCIERGE_ROLES, Skill
from comptoir.contributions.models import Contribution, Prestation
from comptoir.core.bulk import insert_rows, sql_delete
from comptoir.core.licences import Licence
from comptoir.devtools.generate.base import VISIT_CHUNK, RoleTable, batches
from comptoir.places.models import Place
from comptoir.projects.models import JournalEntry, Need, NeedAnswer, Project, ProjectMember
from comptoir.publishing.models import PressItem, Revision, Section, SectionKey, SharedResource

HISTORY_DAYS = 730
PROJECT_WORDS = (
    "Repair café|Fablab mobile|Jardin partagé|Radio de quartier|Atelier vélo|Cartographie "
    "libre|Monnaie locale|Bibliothèque d'outils|Capteurs de qualité de l'air|Hackathon|"
    "Incubateur open source|Festival numérique|Ressourcerie|Cantine solidaire|Formation code|"
    "Tiers-lieu nourricier|Chantier participatif|Plateforme coopérative|Jeu sérieux|Podcast"
).split("|")
PROJECT_QUALIFIERS = (
    "du quartier|de la Manufacture|pour tous|en commun|des makers|libre|solidaire|de Sainté"
).split("|")
NEEDS = [
    (Need.Kind.SKILL, "Quelqu'un qui connaît {skill}"),
    (Need.Kind.RESOURCE, "Une salle pour un atelier"),
    (Need.Kind.FUNDING, "Un financement de démarrage"),
    (Need.Kind.PEOPLE, "Des bénévoles pour le week-end"),
]
# kind, unit, weight, quantity range, what it was
KINDS: list[tuple[str, str, int, tuple[float, float], str]] = [
    ("work", "hour", 55, (0.5, 8), "Développement et tests"),
    ("documentation", "hour", 12, (0.5, 4), "Documentation sur le wiki"),
    ("animation", "hour", 12, (1, 6), "Accueil et animation du lieu"),
    ("equipment", "hour", 8, (0.5, 4), "Découpeuse laser"),
    ("material", "item", 8, (1, 20), "Matériel donné"),
    ("money", "euro", 5, (5, 300), "Don"),
]
STATUSES = [("validated", 80), ("pending", 10), ("proposed", 5), ("refused", 5)]

PROJECT_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "status",
    "licence",
    "code_url",
    "site_url",
    "created_by_id",
    "created_at",
    "updated_at",
)
CONTRIBUTION_FIELDS = (
    "project_id",
    "place_id",
    "contributor_id",
    "kind",
    "description",
    "quantity",
    "unit",
    "happened_on",
    "status",
    "validated_by_id",
    "validated_at",
    "created_at",
    "updated_at",
)


class Gen(Protocol):
    rng: random.Random
    today: date
    now: datetime
    role_rows: RoleTable

    def say(self, message: str) -> None: ...


class ProjectGenerator:
    def __init__(self, gen: Gen, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places
        self.members: dict[int, list[int]] = {place.pk: [] for place in places}
        self.concierges: dict[int, list[int]] = {place.pk: [] for place in places}
        for row in gen.role_rows:
            if row.place_id in self.members:
                self.members[row.place_id].append(row.person_id)
                if row.role in CONCIERGE_ROLES:
                    self.concierges[row.place_id].append(row.person_id)
        # A person may hold several roles in a place: each once.
        self.members = {pk: sorted(set(ids)) for pk, ids in self.members.items()}
        self.skills = list(Skill.objects.values_list("pk", "name"))

    def write(self, projects: int, contributions: int) -> None:
        started = time_module.perf_counter()
        ids, place_of, members = self.projects(projects)
        self.needs(ids, place_of, members)
        written = self.contributions(contributions, ids, place_of, members)
        self.prestations()
        self.documentation()
        self.gen.say(
            f"  projects: {len(ids)}, contributions: {written} "
            f"({time_module.perf_counter() - started:.1f} s)"
        )

    def day(self) -> date:
        return self.gen.today - timedelta(days=self.rng.randrange(HISTORY_DAYS))

    def moment(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=self.gen.now.tzinfo) + timedelta(
            hours=self.rng.randrange(9, 19)
        )

    # --- projects, members, journal --------------------------------------------------------
    def projects(
        self, count: int
    ) -> tuple[list[int], dict[int, int], dict[int, list[tuple[int, str]]]]:
        rows, places = [], []
        statuses = [s.value for s in Project.Status]
        licences = [value for value, _label in Licence.choices]
        for index in range(count):
            place = self.rng.choice(self.places)
            title = f"{self.rng.choice(PROJECT_WORDS)} {self.rng.choice(PROJECT_QUALIFIERS)}"
            creator = self.rng.choice(self.members[place.pk])
            created = self.moment(self.day())
            rows.append(
                (
                    title,
                    f"{slugify(title)[:70]}-{index + 1}",
                    f"{title} : un projet coopératif né à {place.name}.",
                    f"## {title}\n\nNous cherchons des personnes motivées. **Rejoignez-nous !**",
                    self.rng.choice(statuses),
                    self.rng.choice(licences),
                    f"https://forge.example.org/{index + 1}" if self.rng.random() < 0.4 else "",
                    "",
                    creator,
                    created,
                    created + timedelta(days=self.rng.randrange(0, 60)),
                )
            )
            places.append((place.pk, creator))
        ids = insert_rows(Project, PROJECT_FIELDS, rows)
        through = Project.places.through
        links = [(pk, place_id) for pk, (place_id, _c) in zip(ids, places, strict=True)]
        extra = [
            (pk, self.rng.choice(self.places).pk)
            for pk, (place_id, _c) in zip(ids, places, strict=True)
            if self.rng.random() < 0.15
        ]
        pairs = sorted(set(links + [(p, q) for p, q in extra]))
        insert_rows(through, ("project_id", "place_id"), pairs, returning=False)
        members: dict[int, list[tuple[int, str]]] = {}
        member_rows, journal_rows = [], []
        for pk, (place_id, creator) in zip(ids, places, strict=True):
            pool = self.members[place_id]
            chosen = {creator: "porteur"}
            for person in self.rng.sample(pool, min(len(pool), self.rng.randrange(0, 6))):
                chosen.setdefault(person, self.rng.choice(["contributeur"] * 4 + ["mentor"]))
            members[pk] = list(chosen.items())
            created = self.gen.now - timedelta(days=self.rng.randrange(1, HISTORY_DAYS))
            member_rows += [(pk, person, role, created, created) for person, role in chosen.items()]
            for _ in range(self.rng.randrange(0, 5)):
                at = self.moment(self.day())
                journal_rows.append((pk, creator, "Point d'étape : ça avance bien.", at, at))
        insert_rows(
            ProjectMember,
            ("project_id", "person_id", "role", "created_at", "updated_at"),
            member_rows,
            returning=False,
        )
        insert_rows(
            JournalEntry,
            ("project_id", "author_id", "text", "created_at", "updated_at"),
            journal_rows,
            returning=False,
        )
        return ids, {pk: place_id for pk, (place_id, _c) in zip(ids, places, strict=True)}, members

    def needs(
        self, ids: list[int], place_of: dict[int, int], members: dict[int, list[tuple[int, str]]]
    ) -> None:
        rows, owners = [], []
        for pk in ids:
            for _ in range(self.rng.randrange(0, 3)):
                kind, title = self.rng.choice(NEEDS)
                skill = (
                    self.rng.choice(self.skills)
                    if kind == Need.Kind.SKILL and self.skills
                    else None
                )
                at = self.moment(self.day())
                rows.append(
                    (
                        pk,
                        kind,
                        title.format(skill=skill[1] if skill else "ce sujet"),
                        "",
                        skill[0] if skill else None,
                        self.rng.choice(["open"] * 3 + ["met", "closed"]),
                        members[pk][0][0],
                        at,
                        at,
                    )
                )
                owners.append(pk)
        need_ids = insert_rows(
            Need,
            (
                "project_id",
                "kind",
                "title",
                "description",
                "skill_id",
                "status",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
            rows,
        )
        answers = []
        for need_id, pk in zip(need_ids, owners, strict=True):
            pool = self.members[place_of[pk]]
            for person in self.rng.sample(pool, min(len(pool), self.rng.randrange(0, 3))):
                answers.append((need_id, person, "Je peux aider !", self.gen.now, self.gen.now))
        insert_rows(
            NeedAnswer,
            ("need_id", "person_id", "message", "created_at", "updated_at"),
            answers,
            returning=False,
        )

    # --- contributions -----------------------------------------------------------------------
    def contributions(
        self,
        count: int,
        ids: list[int],
        place_of: dict[int, int],
        members: dict[int, list[tuple[int, str]]],
    ) -> int:
        weights = [kind[2] for kind in KINDS]
        status_values = [s for s, _w in STATUSES]
        status_weights = [w for _s, w in STATUSES]

        def rows() -> Iterator[tuple[Any, ...]]:
            for _ in range(count):
                yield self.contribution(
                    weights, status_values, status_weights, ids, place_of, members
                )

        written = 0
        for chunk in batches(rows(), VISIT_CHUNK):
            insert_rows(Contribution, CONTRIBUTION_FIELDS, chunk, returning=False)
            written += len(chunk)
        return written

    def contribution(
        self,
        weights: list[int],
        status_values: list[str],
        status_weights: list[int],
        ids: list[int],
        place_of: dict[int, int],
        members: dict[int, list[tuple[int, str]]],
    ) -> tuple[Any, ...]:
        kind, unit, _w, (low, high), what = self.rng.choices(KINDS, weights=weights)[0]
        quantity = Decimal(str(round(self.rng.uniform(low, high) * 2) / 2 or 0.5))
        status = self.rng.choices(status_values, weights=status_weights)[0]
        happened = self.day()
        at = self.moment(happened)
        if self.rng.random() < 0.85 and ids:
            pk = self.rng.choice(ids)
            team = members[pk]
            person = self.rng.choice(team)[0]
            if status == "proposed":
                person = self.rng.choice(self.members[place_of[pk]])
            # A lead validates, or a concierge of the place; never the contributor.
            validators = [p for p, role in team if role == "porteur" and p != person]
            validators += [p for p in self.concierges[place_of[pk]] if p != person]
            validator = validators[0] if validators else None
            project_id, place_id = pk, None
        else:
            place = self.rng.choice(self.places)
            person = self.rng.choice(self.members[place.pk])
            others = [p for p in self.concierges[place.pk] if p != person]
            validator = self.rng.choice(others) if others else None
            project_id, place_id = None, place.pk
        validated = status == "validated" and validator is not None
        return (
            project_id,
            place_id,
            person,
            kind,
            what,
            quantity,
            unit,
            happened,
            status if validated or status != "validated" else "pending",
            validator if validated else None,
            at + timedelta(days=2) if validated else None,
            at,
            at,
        )

    def prestations(self) -> None:
        """A few prestations per place, still to be shared out (drafts)."""
        objs = []
        for place in self.places:
            for index in range(8):
                day = self.day()
                objs.append(
                    Prestation(
                        place=place,
                        title=f"Prestation {index + 1} : site web pour une association",
                        client="Association du quartier",
                        revenue_cents=self.rng.randrange(50_000, 500_000),
                        delivered_on=day,
                        period_start=day - timedelta(days=90),
                        period_end=day,
                    )
                )
        Prestation.objects.bulk_create(objs)

    # --- documentation -------------------------------------------------------------------------
    def documentation(self) -> None:
        sections = [
            Section(
                place=place,
                key=key,
                body=f"## {label}\n\nCe que {place.name} en dit, écrit par sa communauté.",
                revision=1,
            )
            for place in self.places
            for key, label in SectionKey.choices
        ]
        Section.objects.bulk_create(sections)
        saved = Section.objects.filter(place__in=self.places)
        Revision.objects.bulk_create(
            [Revision(section=section, number=1, body=section.body) for section in saved]
        )
        SharedResource.objects.bulk_create(
            [
                SharedResource(
                    place=place,
                    title=f"Guide {index + 1} du tiers-lieu",
                    author="La communauté",
                    url=f"https://movilab.org/guide-{index + 1}",
                    licence=Licence.CC_BY_SA,
                    theme=self.rng.choice(["Gouvernance", "Modèle économique", "Animation"]),
                )
                for place in self.places
                for index in range(12)
            ]
        )
        PressItem.objects.bulk_create(
            [
                PressItem(
                    place=place,
                    title=f"{place.name}, un tiers-lieu qui compte",
                    outlet="Le Progrès",
                    url="https://www.leprogres.fr/",
                    published_on=self.day(),
                )
                for place in self.places
                for _index in range(5)
            ]
        )


def wipe_projects(places: QuerySet[Place], people: QuerySet[Any]) -> None:
    """The generated places' and people's projects, contributions and documentation."""
    projects = Project.objects.filter(places__in=places) | Project.objects.filter(
        created_by__in=people
    )
    project_ids = list(projects.values_list("pk", flat=True).distinct())
    if not project_ids:
        project_ids = [0]  # no project yet: an IN list that matches nothing, and compiles
    contributions = Contribution.objects.filter(project_id__in=project_ids)
    sql_delete(contributions)
    sql_delete(Contribution.objects.filter(place__in=places))
    sql_delete(Contribution.objects.filter(contributor__in=people))
    from comptoir.contributions.models import Share

    sql_delete(Share.objects.filter(prestation__place__in=places))
    sql_delete(Prestation.objects.filter(place__in=places))
    sql_delete(NeedAnswer.objects.filter(need__project_id__in=project_ids))
    sql_delete(NeedAnswer.objects.filter(person__in=people))
    sql_delete(Need.objects.filter(project_id__in=project_ids))
    sql_delete(JournalEntry.objects.filter(project_id__in=project_ids))
    sql_delete(ProjectMember.objects.filter(project_id__in=project_ids))
    sql_delete(ProjectMember.objects.filter(person__in=people))
    sql_delete(Project.places.through.objects.filter(project_id__in=project_ids))
    Project.objects.filter(pk__in=project_ids).delete()
    sql_delete(Revision.objects.filter(section__place__in=places))
    sql_delete(Section.objects.filter(place__in=places))
    sql_delete(SharedResource.objects.filter(place__in=places))
    sql_delete(PressItem.objects.filter(place__in=places))
