"""The demo projects of Comptoir Numérique (loaded by `comptoir_demo`, through the
services): the reference text's projects with their members, needs and contributions, one
prestation shared out and validated, the open-source incubator, and the place's open
documentation with its library and press list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from comptoir.community.models import Organization, Person
from comptoir.contributions.models import Contribution
from comptoir.contributions.services import contributions, redistribution
from comptoir.core.licences import Licence
from comptoir.incubator import services as incubation
from comptoir.incubator.models import Programme
from comptoir.places.models import Place
from comptoir.projects.models import Need, Project, ProjectMember
from comptoir.projects.services import projects


@dataclass(frozen=True)
class DemoProject:
    title: str
    lead: str
    status: str
    summary: str
    description: str
    licence: str = Licence.CC_BY_SA
    team: tuple[tuple[str, str], ...] = ()
    needs: tuple[tuple[str, str, str], ...] = ()  # kind, title, skill name


PROJECTS = [
    DemoProject(
        "Semaine Tiers-Lieux",
        "claire@comptoir.test",
        Project.Status.ACTIVE,
        "Une semaine de portes ouvertes, d'ateliers et de débats dans les tiers-lieux.",
        "Née pendant la **Biennale du Design** d'avril 2015, la semaine ouvre les "
        "tiers-lieux stéphanois à leurs voisins : visites, ateliers flash, conférences.",
        team=(("rosa@comptoir.test", ProjectMember.Role.CONTRIBUTOR),),
        needs=((Need.Kind.PEOPLE, "Des bénévoles pour l'accueil du samedi", ""),),
    ),
    DemoProject(
        "Event42",
        "rosa@comptoir.test",
        Project.Status.ACTIVE,
        "Un hackathon de 48 heures pour des services numériques utiles au quartier.",
        "Des équipes mêlant développeurs, designers et habitants prototypent en un week-end.",
        licence=Licence.AGPL,
        team=(
            ("olivier@comptoir.test", ProjectMember.Role.CONTRIBUTOR),
            ("paul@comptoir.test", ProjectMember.Role.MENTOR),
        ),
        needs=((Need.Kind.SKILL, "Quelqu'un qui connaît KiCad", "KiCad"),),
    ),
    DemoProject(
        "Incubateur open source de Coworking Sainté",
        "paul@comptoir.test",
        Project.Status.INCUBATION,
        "Accompagner les projets libres des coworkers, de l'idée au lancement.",
        "Un parcours en quatre étapes, des mentors et un Business Model Canvas.",
        team=(("claire@comptoir.test", ProjectMember.Role.MENTOR),),
    ),
    DemoProject(
        "HackerSpace CATS",
        "olivier@comptoir.test",
        Project.Status.ACTIVE,
        "Le HackerSpace du Comptoir Numérique, avec OpenFactory.",
        "Découpeuse laser, imprimante 3D et soudure : on apprend en faisant, ensemble.",
        licence=Licence.CERN_OHL,
        team=(("nina@comptoir.test", ProjectMember.Role.CONTRIBUTOR),),
        needs=((Need.Kind.RESOURCE, "Une seconde imprimante 3D", ""),),
    ),
    DemoProject(
        "Cigale du Comptoir Numérique",
        "claire@comptoir.test",
        Project.Status.IDEA,
        "Un club d'investisseurs citoyens pour les projets du lieu.",
        "Épargner ensemble pour financer les projets de l'économie sociale du quartier.",
        needs=((Need.Kind.FUNDING, "Une première mise de fonds", ""),),
    ),
]

# who, project title, kind, quantity, what it was, days ago
CONTRIBUTIONS = [
    ("rosa@comptoir.test", "Semaine Tiers-Lieux", "work", "6", "Programme et affiches", 40),
    ("rosa@comptoir.test", "Semaine Tiers-Lieux", "animation", "4", "Accueil des visiteurs", 35),
    ("olivier@comptoir.test", "Event42", "work", "8", "Plateforme des équipes", 30),
    ("paul@comptoir.test", "Event42", "documentation", "3", "Guide du participant", 28),
    ("nina@comptoir.test", "HackerSpace CATS", "work", "5", "Réglage de la découpeuse", 20),
    ("nina@comptoir.test", "HackerSpace CATS", "material", "12", "Plaques de contreplaqué", 18),
]


def load_projects(main: Place, people: dict[str, Person], orgs: dict[str, Organization]) -> None:
    """Idempotent: nothing happens once the place has projects."""
    if Project.objects.filter(places=main).exists():
        return
    claire = people["claire@comptoir.test"]
    made = {demo.title: _project(main, people, demo) for demo in PROJECTS}
    today = timezone.localdate()
    for email, title, kind, quantity, what, days in CONTRIBUTIONS:
        logged = contributions.contribution_log(
            by=people[email],
            project=made[title],
            kind=kind,
            quantity=Decimal(quantity),
            description=what,
            happened_on=today - timedelta(days=days),
        )
        validator = claire if people[email] != claire else people["paul@comptoir.test"]
        contributions.contribution_validate(contribution=logged, by=validator)
    contributions.contribution_log(
        by=people["victor@comptoir.test"],
        project=made["Event42"],
        kind=Contribution.Kind.WORK,
        quantity=Decimal("2"),
        description="Tests du site des inscriptions",
        happened_on=today - timedelta(days=3),
    )  # not a member of the project: a proposal waiting for its porteurs
    prestation = redistribution.prestation_create(
        place=main,
        by=claire,
        title="Site web de l'association Magique Animation",
        client="Magique Animation",
        revenue_cents=240_000,
        delivered_on=today - timedelta(days=10),
        period_start=today - timedelta(days=60),
        period_end=today - timedelta(days=10),
        commons_share_bp=2000,
        weights={"work": "1", "documentation": "1", "animation": "0.5"},
        project=made["Event42"],
    )
    redistribution.prestation_validate(prestation=prestation, by=claire)
    programme = incubation.programme_create(
        place=main, template=Programme.Template.INCUBATOR, by=claire
    )
    incubation.incubation_start(
        project=made["Incubateur open source de Coworking Sainté"],
        programme=programme,
        by=claire,
        cohort="Cohorte automne",
    )


def _project(main: Place, people: dict[str, Person], demo: DemoProject) -> Project:
    lead = people[demo.lead]
    project = projects.project_create(
        by=lead,
        title=demo.title,
        places=[main],
        summary=demo.summary,
        description=demo.description,
        status=demo.status if demo.status != Project.Status.INCUBATION else Project.Status.IDEA,
        licence=demo.licence,
    )
    for email, role in demo.team:
        projects.member_add(project=project, person=people[email], role=role, by=lead)
    for kind, title, skill in demo.needs:
        projects.need_create(project=project, by=lead, kind=kind, title=title, skill_name=skill)
    projects.journal_add(project=project, by=lead, text=f"Lancement du projet « {demo.title} ».")
    return project
