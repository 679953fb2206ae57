"""The demo's projects (the reference text's), their contributions, one validated
distribution, the incubator, and Comptoir Numérique's documentation from its Movilab page."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.devtools.tests.commands.test_comptoir_demo import load
from comptoir.incubator.models import Incubation
from comptoir.projects.models import Project
from comptoir.publishing.models import Revision, Section, SectionKey

pytestmark = pytest.mark.django_db


def test_it_loads_the_reference_projects_with_contributions_and_a_distribution() -> None:
    load()

    titles = set(Project.objects.values_list("title", flat=True))
    assert {"Semaine Tiers-Lieux", "Event42", "HackerSpace CATS"} <= titles
    assert any("Cigale" in title for title in titles)
    assert any("Incubateur" in title for title in titles)
    assert Contribution.objects.filter(status="validated").count() == 6
    assert Contribution.objects.filter(status="proposed").count() == 1
    prestation = Prestation.objects.get(status=Prestation.Status.VALIDATED)
    total = Share.objects.filter(prestation=prestation).aggregate(total=Sum("amount_cents"))
    assert total["total"] == prestation.revenue_cents
    assert Share.objects.filter(prestation=prestation, person__isnull=True).exists()
    incubated = Incubation.objects.get()
    assert incubated.project.status == Project.Status.INCUBATION


def test_it_documents_comptoir_numerique_from_its_movilab_page() -> None:
    load()

    sections = Section.objects.filter(place__slug="comptoir-numerique")
    assert sections.count() == len(SectionKey.choices)
    assert "tiers-lieu" in sections.get(key=SectionKey.PLACE).body
    assert Revision.objects.filter(section__in=sections).count() == sections.count()


def test_it_loads_projects_and_documentation_once() -> None:
    load()
    counts = (Project.objects.count(), Contribution.objects.count(), Revision.objects.count())

    load()

    assert (
        Project.objects.count(),
        Contribution.objects.count(),
        Revision.objects.count(),
    ) == counts
