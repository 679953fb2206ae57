"""Training requests under real concurrency (PostgreSQL): the same request sent twice at
once is recorded once, and two concierges answering at once answer once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from comptoir.bookings import training_requests as requests
from comptoir.bookings.models import Qualification, Training, TrainingRequest
from comptoir.bookings.tests.factories import TrainingFactory
from comptoir.bookings.tests.helpers import member
from comptoir.community.models import Person, Role
from comptoir.core.exceptions import DomainError
from comptoir.core.tests.races import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")


def outcome(action: Callable[[], object]) -> Callable[[], str]:
    def job() -> str:
        try:
            action()
        except DomainError as error:
            return error.code
        return "done"

    return job


def test_the_same_request_sent_at_once_is_recorded_once(place):
    training = TrainingFactory(place=place)
    learner = member(place, Role.NOMAD)

    def send() -> None:
        who = Person.objects.get(pk=learner.pk)
        what = Training.objects.select_related("place").get(pk=training.pk)
        requests.training_request_create(person=who, training=what, by=who)

    outcomes = at_once([outcome(send) for _ in range(6)])
    assert sorted(outcomes) == ["done"] + ["training_already_requested"] * 5, outcomes
    assert TrainingRequest.objects.count() == 1


def test_two_concierges_answering_at_once_answer_once(place, concierge):
    training = TrainingFactory(place=place)
    learner = member(place, Role.NOMAD)
    other = member(place, Role.CONCIERGE_PERMANENT)
    asked = requests.training_request_create(person=learner, training=training, by=learner)

    def grant(by_id: int) -> Callable[[], object]:
        def run() -> object:
            by = Person.objects.get(pk=by_id)
            return requests.training_request_grant(
                request=TrainingRequest.objects.get(pk=asked.pk), by=by
            )

        return run

    def decline() -> object:
        by = Person.objects.get(pk=other.pk)
        return requests.training_request_decline(
            request=TrainingRequest.objects.get(pk=asked.pk), by=by, answer="Complet"
        )

    outcomes = at_once([outcome(grant(concierge.pk)), outcome(decline), outcome(grant(other.pk))])
    assert sorted(outcomes) == ["done", "request_answered", "request_answered"], outcomes
    asked.refresh_from_db()
    granted = Qualification.objects.filter(person=learner).exists()
    assert granted == (asked.status == TrainingRequest.Status.GRANTED)
