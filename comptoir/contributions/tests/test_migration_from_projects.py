"""Moving the contributions' models out of `projects` loses nothing: on a database filled by
the old code's schema, every row, foreign key and value reads the same through the new
models, the content types (and their permissions) and the audit trail follow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from comptoir.community.tests.factories import PersonFactory
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.core.models import AuditEvent
from comptoir.places.tests.factories import PlaceFactory
from comptoir.projects.models import Project
from comptoir.projects.tests.migration_support import (
    before_the_move,
    migrate,
    migrate_to_the_leaves,
    old_content_type,
)

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.date(2026, 3, 14)


def fill(old: Any, place: Any, lead: Any, giver: Any) -> dict[str, Any]:
    """Rows written through the old code's historical models (app `projects`)."""
    project = old.get_model("projects", "Project").objects.create(
        title="Fablab mobile", slug="fablab-mobile", status="actif"
    )
    project.places.add(place.pk)
    old.get_model("projects", "ProjectMember").objects.create(
        project=project, person_id=lead.pk, role="porteur"
    )
    contributions = old.get_model("projects", "Contribution").objects
    validated_at = timezone.now().replace(microsecond=0)
    to_project = contributions.create(
        project=project,
        contributor_id=giver.pk,
        kind="work",
        description="Soudure du châssis",
        quantity=Decimal("3.50"),
        unit="hour",
        happened_on=DAY,
        status="validated",
        validated_by_id=lead.pk,
        validated_at=validated_at,
    )
    to_place = contributions.create(
        place_id=place.pk,
        contributor_id=lead.pk,
        kind="money",
        description="Don",
        quantity=Decimal("20.00"),
        unit="euro",
        happened_on=DAY,
        status="pending",
    )
    prestation = old.get_model("projects", "Prestation").objects.create(
        place_id=place.pk,
        project=project,
        title="Atelier",
        client="Mairie",
        revenue_cents=100_000,
        delivered_on=DAY,
        commons_share_bp=2500,
        weights={"work": "1", "equipment": "0"},
        period_start=DAY,
        period_end=DAY,
        status="validated",
        validated_by_id=lead.pk,
        validated_at=validated_at,
    )
    shares = old.get_model("projects", "Share").objects
    share = shares.create(
        prestation=prestation,
        person_id=giver.pk,
        weighted_hours=Decimal("3.50"),
        amount_cents=75_000,
    )
    commons = shares.create(prestation=prestation, person=None, amount_cents=25_000)
    events = old.get_model("core", "AuditEvent").objects
    for target_type, target_id in [
        ("projects.contribution", to_project.pk),
        ("projects.prestation", prestation.pk),
        ("projects.project", project.pk),
    ]:
        events.create(verb="x.y", target_type=target_type, target_id=str(target_id))
    content_type = old_content_type(old, "contribution")
    permission = old.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="audit_contribution", name="Audit"
    )
    return {
        "project": project.pk,
        "to_project": to_project.pk,
        "to_place": to_place.pk,
        "validated_at": validated_at,
        "prestation": prestation.pk,
        "share": share.pk,
        "commons": commons.pk,
        "content_type": content_type.pk,
        "permission": permission.pk,
    }


def test_every_row_survives_the_move() -> None:
    place, lead, giver = PlaceFactory(), PersonFactory(), PersonFactory()
    try:
        rows = fill(migrate(before_the_move()), place, lead, giver)
    finally:
        migrate_to_the_leaves()

    project = Project.objects.get(pk=rows["project"])
    to_project = Contribution.objects.get(pk=rows["to_project"])
    assert (to_project.project, to_project.place_id) == (project, None)
    assert (to_project.contributor_id, to_project.validated_by_id) == (giver.pk, lead.pk)
    assert (to_project.kind, to_project.unit, to_project.status) == ("work", "hour", "validated")
    assert (to_project.quantity, to_project.happened_on) == (Decimal("3.50"), DAY)
    assert to_project.description == "Soudure du châssis"
    assert to_project.validated_at == rows["validated_at"]
    to_place = Contribution.objects.get(pk=rows["to_place"])
    assert (to_place.project_id, to_place.place_id, to_place.contributor_id) == (
        None,
        place.pk,
        lead.pk,
    )
    assert (to_place.quantity, to_place.status) == (Decimal("20.00"), "pending")
    assert set(project.contributions.values_list("pk", flat=True)) == {rows["to_project"]}

    prestation = Prestation.objects.get(pk=rows["prestation"])
    assert (prestation.place_id, prestation.project_id) == (place.pk, project.pk)
    assert (prestation.title, prestation.client, prestation.revenue_cents) == (
        "Atelier",
        "Mairie",
        100_000,
    )
    assert (prestation.commons_share_bp, prestation.weights) == (
        2500,
        {"work": "1", "equipment": "0"},
    )
    assert (prestation.period_start, prestation.period_end, prestation.delivered_on) == (DAY,) * 3
    assert (prestation.status, prestation.validated_by_id) == ("validated", lead.pk)
    assert list(project.prestations.all()) == [prestation]
    shares = {s.pk: s for s in prestation.shares.all()}
    assert set(shares) == {rows["share"], rows["commons"]}
    assert (shares[rows["share"]].person_id, shares[rows["share"]].amount_cents) == (
        giver.pk,
        75_000,
    )
    assert shares[rows["share"]].weighted_hours == Decimal("3.50")
    assert (shares[rows["commons"]].person_id, shares[rows["commons"]].amount_cents) == (
        None,
        25_000,
    )
    assert Contribution.objects.count() == 2 and Share.objects.count() == 2

    # The content type kept its id under the new label, its permissions with it.
    content_type = ContentType.objects.get_for_model(Contribution)
    assert content_type.pk == rows["content_type"]
    assert content_type.app_label == "contributions"
    assert Permission.objects.get(pk=rows["permission"]).content_type_id == content_type.pk
    assert not ContentType.objects.filter(app_label="projects", model="contribution").exists()
    # Past audit rows name the new app, as the new ones do; the project's stays.
    types = set(AuditEvent.objects.values_list("target_type", flat=True))
    assert types == {"contributions.contribution", "contributions.prestation", "projects.project"}

    # The tables take new rows after the old ones.
    newer = Contribution.objects.create(
        place=place,
        contributor=giver,
        kind="work",
        description="Permanence",
        quantity=Decimal("1"),
        unit="hour",
        happened_on=DAY,
    )
    assert newer.pk > rows["to_place"]
