"""Logging a contribution (units, bounds, proposal or pending) and deciding on it (who may,
only once)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from comptoir.contributions.exceptions import (
    AlreadyDecided,
    BadDate,
    BadQuantity,
    BadUnit,
    NoRecipient,
)
from comptoir.contributions.models import Contribution
from comptoir.contributions.services.contributions import (
    contribution_log,
    contribution_refuse,
    contribution_validate,
)
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent

TODAY = dt.date(2026, 11, 20)
Status = Contribution.Status


def log(**fields: Any) -> Contribution:
    fields.setdefault("kind", "work")
    fields.setdefault("quantity", "3,5")
    fields.setdefault("description", "Soudure des cartes du robot")
    fields.setdefault("happened_on", TODAY)
    fields.setdefault("today", TODAY)
    return contribution_log(**fields)


def test_a_member_logs_hours_waiting_for_validation(project: Any, contributor: Any) -> None:
    contribution = log(by=contributor, project=project)
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING
    assert contribution.quantity == Decimal("3.50")
    assert contribution.unit == "hour"
    assert contribution.action == "work"
    assert AuditEvent.objects.filter(verb="contribution.logged").count() == 1


def test_someone_outside_the_project_only_proposes(project: Any, nomad: Any) -> None:
    contribution = log(by=nomad, project=project, kind="money", quantity="40")
    assert contribution.status == Status.PROPOSED
    assert contribution.unit == "euro"


def test_a_contribution_to_the_place(place: Any, nomad: Any, person: Any) -> None:
    assert log(by=nomad, place=place, kind="animation").status == Status.PENDING
    # Someone holding no role in the place proposes.
    assert log(by=person, place=place, kind="documentation").status == Status.PROPOSED


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"quantity": "0"}, BadQuantity, "quantity"),
        ({"quantity": "-3"}, BadQuantity, "quantity"),
        ({"quantity": "beaucoup"}, BadQuantity, "quantity"),
        ({"quantity": "NaN"}, BadQuantity, "quantity"),
        ({"quantity": "Infinity"}, BadQuantity, "quantity"),
        ({"quantity": "1.555"}, BadQuantity, "quantity"),
        ({"quantity": "25"}, BadQuantity, "quantity"),  # more than a day
        ({"kind": "money", "quantity": "100000.01"}, BadQuantity, "quantity"),
        ({"kind": "material", "quantity": "10001"}, BadQuantity, "quantity"),
        ({"kind": "money", "unit": "hour"}, BadUnit, "unit"),
        ({"kind": "work", "unit": "euro"}, BadUnit, "unit"),
        ({"kind": "gift"}, InvalidInput, "kind"),
        ({"happened_on": TODAY + dt.timedelta(days=1)}, BadDate, "happened_on"),
        ({"happened_on": dt.date(1999, 12, 31)}, BadDate, "happened_on"),
        ({"description": "   "}, InvalidInput, "description"),
        ({"description": "x" * 301}, InvalidInput, "description"),
    ],
)
def test_it_refuses_absurd_input(
    project: Any, contributor: Any, fields: dict[str, Any], error: type, field: str
) -> None:
    with pytest.raises(error) as refused:
        log(by=contributor, project=project, **fields)
    assert refused.value.field == field
    assert refused.value.message
    assert not Contribution.objects.exists()


def test_the_caps_are_inclusive(project: Any, contributor: Any) -> None:
    assert log(by=contributor, project=project, quantity="24").quantity == 24
    assert log(by=contributor, project=project, kind="money", quantity="100000").quantity == 100000
    assert log(by=contributor, project=project, kind="equipment", unit="item", quantity="2")


def test_it_goes_to_a_project_or_a_place(project: Any, place: Any, contributor: Any) -> None:
    with pytest.raises(NoRecipient):
        log(by=contributor)
    with pytest.raises(NoRecipient):
        log(by=contributor, project=project, place=place)


def test_anonymous_people_log_nothing(project: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        log(by=AnonymousUser(), project=project)


# --- Deciding --------------------------------------------------------------------------------


def test_the_porteur_validates(project: Any, contributor: Any, project_lead: Any) -> None:
    contribution = log(by=contributor, project=project)
    contribution_validate(contribution=contribution, by=project_lead)
    contribution.refresh_from_db()
    assert contribution.status == Status.VALIDATED
    assert contribution.validated_by == project_lead
    assert contribution.validated_at is not None
    assert AuditEvent.objects.filter(verb="contribution.validated").exists()


def test_a_proposal_can_be_accepted_or_refused(
    project: Any, nomad: Any, project_lead: Any, concierge: Any
) -> None:
    proposed = log(by=nomad, project=project)
    contribution_validate(contribution=proposed, by=concierge)  # a concierge of its place
    assert proposed.status == Status.VALIDATED
    other = log(by=nomad, project=project)
    contribution_refuse(contribution=other, by=project_lead)
    other.refresh_from_db()
    assert other.status == Status.REFUSED


def test_the_concierge_validates_what_is_given_to_the_place(
    place: Any, nomad: Any, concierge: Any, project_lead: Any
) -> None:
    contribution = log(by=nomad, place=place, kind="animation")
    with pytest.raises(NotAllowed):
        contribution_validate(contribution=contribution, by=project_lead)
    contribution_validate(contribution=contribution, by=concierge)
    assert contribution.status == Status.VALIDATED


def test_nobody_validates_without_the_right(
    project: Any, contributor: Any, nomad: Any, sister_concierge: Any, project_lead: Any
) -> None:
    contribution = log(by=contributor, project=project)
    for who in (nomad, sister_concierge, contributor):
        with pytest.raises(NotAllowed) as refused:
            contribution_validate(contribution=contribution, by=who)
        assert refused.value.status == 403
    own = log(by=project_lead, project=project)
    with pytest.raises(NotAllowed):
        contribution_validate(contribution=own, by=project_lead)
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING


def test_a_decision_is_taken_once(project: Any, contributor: Any, project_lead: Any) -> None:
    contribution = log(by=contributor, project=project)
    contribution_validate(contribution=contribution, by=project_lead)
    with pytest.raises(AlreadyDecided):
        contribution_refuse(contribution=contribution, by=project_lead)
    with pytest.raises(AlreadyDecided):
        contribution_validate(contribution=contribution, by=project_lead)
    contribution.refresh_from_db()
    assert contribution.status == Status.VALIDATED


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_validators_at_once_decide_once(
    project: Any, contributor: Any, project_lead: Any, concierge: Any
) -> None:
    contribution = log(by=contributor, project=project)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(who: Any, verb: Any) -> None:
        barrier.wait()
        try:
            verb(contribution=Contribution.objects.get(pk=contribution.pk), by=who)
            outcomes.append("ok")
        except AlreadyDecided:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(project_lead, contribution_validate)),
        threading.Thread(target=decide, args=(concierge, contribution_refuse)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "ok"]
    assert (
        AuditEvent.objects.filter(
            verb__startswith="contribution.", target_id=str(contribution.pk)
        ).count()
        == 2
    )
