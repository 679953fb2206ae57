"""One rule for who decides on contributions and who sees a prestation: the API, the pages
and the service ask `contributions.permissions`, and its query twin
(`selectors.contributions_to_validate`) lists exactly what it allows."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from comptoir.api.tests.agenda_support import api_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.contributions import permissions, selectors
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.contributions.services.redistribution import prestation_create
from comptoir.projects.models import Project, ProjectMember
from comptoir.projects.tests import conftest as project_fixtures

project_lead, make_project, project, contributor = (
    project_fixtures.project_lead,
    project_fixtures.make_project,
    project_fixtures.project,
    project_fixtures.contributor,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Status = Contribution.Status
DECIDE = re.compile(r'action="/contributions/(\d+)/decision/"')


def gift(who: Any, status: str = Status.PENDING, **target: Any) -> Contribution:
    return Contribution.objects.create(
        contributor=who,
        kind=Contribution.Kind.WORK,
        description="Atelier",
        quantity=Decimal("2"),
        unit=Contribution.Unit.HOUR,
        happened_on=TODAY - timedelta(days=1),
        status=status,
        **target,
    )


@pytest.fixture
def people(
    place: Any,
    project_lead: Any,
    contributor: Any,
    concierge: Any,
    nomad: Any,
    sister_concierge: Any,
    superuser: Any,
) -> dict[str, Any]:
    return {
        "lead": project_lead,
        "contributor": contributor,
        "concierge": concierge,
        "nomad": nomad,
        "sister concierge": sister_concierge,
        "admin": superuser,
        "stranger": PersonFactory(),
    }


@pytest.fixture
def contributions(
    place: Any, sister_place: Any, project: Any, people: dict[str, Any]
) -> list[Contribution]:
    # Another project the lead also leads, living in the sister place only.
    elsewhere = Project.objects.create(title="Ailleurs", slug="ailleurs")
    elsewhere.places.add(sister_place)
    ProjectMember.objects.create(
        project=elsewhere, person=people["lead"], role=ProjectMember.Role.LEAD
    )
    PlaceRoleFactory(person=people["stranger"], place=place, role=Role.NOMAD)
    return [
        gift(people["contributor"], project=project),
        gift(people["lead"], project=project),
        gift(people["nomad"], Status.PROPOSED, project=project),
        gift(people["concierge"], project=project),
        gift(people["nomad"], place=place),
        gift(people["concierge"], place=place),
        gift(people["contributor"], Status.PROPOSED, project=elsewhere),
        gift(people["contributor"], Status.VALIDATED, project=project),
        gift(people["nomad"], Status.REFUSED, place=place),
    ]


def _decidable_on_pages(client: Any, place: Any, project: Any) -> set[int]:
    """The contributions a page offers to validate or refuse, on every page that does."""
    found: set[int] = set()
    for path in (
        f"/projets/{project.slug}/",
        f"/projets/{project.slug}/contributions/",
        f"/lieux/{place.slug}/contributions/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        found |= {int(pk) for pk in DECIDE.findall(response.content.decode())}
    return found


@pytest.mark.parametrize(
    ("who", "how_many"),
    [
        ("lead", 4),  # three to the project (not their own), one to their other project
        ("contributor", 0),
        ("concierge", 4),  # three to the place's project, one to the place (not their own)
        ("nomad", 0),
        ("sister concierge", 1),  # the one to the project of the sister place
        ("admin", 7),  # every open one
        ("stranger", 0),
    ],
)
def test_the_api_the_pages_and_the_rule_agree_on_who_validates(
    who: str,
    how_many: int,
    people: dict[str, Any],
    contributions: list[Contribution],
    place: Any,
    project: Any,
    login: Any,
) -> None:
    user = people[who]
    fresh = type(user).objects.get(pk=user.pk)  # no roles cached from the fixtures
    allowed = {
        c.pk
        for c in Contribution.objects.select_related("project")
        if c.is_open and permissions.can_validate(fresh, c)
    }
    assert len(allowed) == how_many
    listed = set(selectors.contributions_to_validate(user=fresh).values_list("pk", flat=True))
    assert listed == allowed
    response = api_for(user).get("/contributions", mine="false", limit=100)
    assert response.status_code == 200, response.content
    assert {item["id"] for item in response.json()["items"]} == allowed
    # The pages show the contributions of this place and its project; the other project's
    # one is only reachable through the API (and its own page, not part of this place).
    on_pages = _decidable_on_pages(login(user), place, project)
    in_this_place = {c.pk for c in contributions[:7] if c.project_id != contributions[6].project_id}
    assert on_pages == allowed & in_this_place


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("concierge", True),
        ("admin", True),
        ("contributor", True),  # has a share of the validated statement
        ("lead", False),  # gave no validated hours in the period: no share
        ("sister concierge", False),
        ("stranger", False),
    ],
)
def test_one_rule_says_who_sees_a_prestation(
    who: str, sees: bool, people: dict[str, Any], place: Any, contributions: Any
) -> None:
    prestation = prestation_create(
        place=place,
        by=people["concierge"],
        title="Formation",
        revenue_cents=10_000,
        delivered_on=TODAY,
        period_start=TODAY - timedelta(days=30),
        period_end=TODAY,
    )
    Prestation.objects.filter(pk=prestation.pk).update(status=Prestation.Status.VALIDATED)
    Share.objects.create(prestation=prestation, person=people["contributor"], amount_cents=10_000)
    user = people[who]
    try:
        selectors.prestation_visible(pk=prestation.pk, user=user)
        visible = True
    except Prestation.DoesNotExist:
        visible = False
    assert visible is sees
    status = api_for(user).get(f"/prestations/{prestation.pk}").status_code
    assert status == (200 if sees else 404)
