"""The generated projects keep the rules the services enforce: a porteur in every project,
one membership per person, positive contributions to a project or a place, validated ones
by someone else, and each place's documentation with its first revision."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q

from comptoir.contributions.models import Contribution
from comptoir.devtools.tests.test_generate import generate
from comptoir.places.models import Place
from comptoir.projects.models import Need, Project, ProjectMember
from comptoir.publishing.models import Revision, Section, SectionKey

pytestmark = pytest.mark.django_db


def test_it_writes_projects_and_contributions() -> None:
    generate(projects=40, contributions=800)

    assert Project.objects.count() == 40
    assert Contribution.objects.count() == 800
    leads = Project.objects.annotate(
        leads=Count("members", filter=Q(members__role=ProjectMember.Role.LEAD))
    )
    assert not leads.filter(leads=0).exists()
    assert not Project.objects.annotate(n=Count("places")).filter(n=0).exists()
    assert Need.objects.exists()
    validated = Contribution.objects.filter(status="validated")
    assert validated.count() > 500
    assert not validated.filter(validated_by__isnull=True).exists()
    assert not validated.filter(validated_by=F("contributor")).exists()
    assert not Contribution.objects.filter(quantity__lte=0).exists()
    hours = Contribution.objects.filter(kind__in=["work", "documentation", "animation"])
    assert set(hours.values_list("unit", flat=True)) == {"hour"}


def test_each_place_has_its_documentation_and_a_reset_replaces_it() -> None:
    generate()
    places = Place.objects.filter(network__slug="reseau-genere")
    for place in places:
        assert Section.objects.filter(place=place).count() == len(SectionKey.choices)
    assert Revision.objects.count() == Section.objects.count()

    generate(reset=True, projects=10, contributions=50)

    assert Project.objects.count() == 10
    assert Contribution.objects.count() == 50
    assert Section.objects.count() == len(SectionKey.choices) * places.count()


def test_a_reset_works_when_no_project_was_generated_before() -> None:
    generate(projects=1, contributions=1)
    Project.objects.all().delete()
    Contribution.objects.all().delete()

    generate(reset=True, projects=5, contributions=20)

    assert Project.objects.count() == 5
