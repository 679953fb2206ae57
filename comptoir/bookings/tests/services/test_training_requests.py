"""Asking for a training and answering (issue 14): one pending request per person and
training, answered once by the place's concierges or the training's trainers, the person
told by email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from comptoir.bookings import training_requests as requests
from comptoir.bookings.exceptions import AlreadyTrained, RequestAnswered, TrainingAlreadyRequested
from comptoir.bookings.models import Qualification, TrainingRequest
from comptoir.bookings.tests.factories import QualificationFactory, TrainingFactory
from comptoir.bookings.tests.helpers import member
from comptoir.community.models import Role
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def training(place):
    return TrainingFactory(place=place, name="Découpe laser", validity_months=12)


@pytest.fixture
def learner(place):
    return member(place, Role.NOMAD, first_name="Nina", email="nina@example.org")


def ask(learner, training, message=""):
    return requests.training_request_create(
        person=learner, training=training, by=learner, message=message
    )


def test_a_member_asks_for_a_training(learner, training):
    asked = ask(learner, training, "  J'ai déjà utilisé une laser.  ")
    assert asked.status == TrainingRequest.Status.PENDING
    assert asked.message == "J'ai déjà utilisé une laser."
    assert AuditEvent.objects.filter(verb="training.requested").count() == 1


def test_nobody_asks_for_someone_else(learner, training, concierge):
    with pytest.raises(NotAllowed):
        requests.training_request_create(person=learner, training=training, by=concierge)
    assert not TrainingRequest.objects.exists()


def test_asking_twice_is_refused_while_the_first_waits(learner, training):
    ask(learner, training)
    with pytest.raises(TrainingAlreadyRequested):
        ask(learner, training)
    assert TrainingRequest.objects.count() == 1


def test_the_database_keeps_one_pending_request(learner, training):
    ask(learner, training)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingRequest.objects.create(person=learner, training=training)


def test_someone_already_trained_does_not_ask(learner, training):
    QualificationFactory(person=learner, training=training, granted_on=timezone.localdate())
    with pytest.raises(AlreadyTrained):
        ask(learner, training)


def test_an_expired_training_may_be_asked_again(learner, training):
    long_ago = timezone.localdate().replace(year=timezone.localdate().year - 3)
    QualificationFactory(
        person=learner, training=training, granted_on=long_ago, expires_on=long_ago
    )
    assert ask(learner, training).status == TrainingRequest.Status.PENDING


def test_a_concierge_grants_it_and_the_person_is_told(
    learner, training, concierge, django_capture_on_commit_callbacks
):
    asked = ask(learner, training)
    with django_capture_on_commit_callbacks(execute=True):
        requests.training_request_grant(request=asked, by=concierge)
    asked.refresh_from_db()
    assert asked.status == TrainingRequest.Status.GRANTED and asked.answered_by == concierge
    qualification = Qualification.objects.get(person=learner, training=training)
    assert qualification.granted_on == timezone.localdate() and qualification.expires_on
    [email] = mail.outbox
    assert email.to == ["nina@example.org"] and "Découpe laser" in email.subject


def test_a_concierge_declines_with_a_reason_the_person_reads(
    learner, training, concierge, django_capture_on_commit_callbacks
):
    asked = ask(learner, training)
    with django_capture_on_commit_callbacks(execute=True):
        requests.training_request_decline(
            request=asked, by=concierge, answer="La prochaine session est le 12."
        )
    asked.refresh_from_db()
    assert asked.status == TrainingRequest.Status.DECLINED
    assert not Qualification.objects.exists()
    [email] = mail.outbox
    assert "La prochaine session est le 12." in email.body
    # Declined, the person may ask again later.
    assert ask(learner, training).status == TrainingRequest.Status.PENDING


def test_declining_needs_a_reason(learner, training, concierge):
    asked = ask(learner, training)
    with pytest.raises(InvalidInput):
        requests.training_request_decline(request=asked, by=concierge, answer="   ")
    asked.refresh_from_db()
    assert asked.status == TrainingRequest.Status.PENDING


def test_a_request_is_answered_once(learner, training, concierge):
    asked = ask(learner, training)
    requests.training_request_grant(request=asked, by=concierge)
    with pytest.raises(RequestAnswered):
        requests.training_request_decline(request=asked, by=concierge, answer="Non")
    with pytest.raises(RequestAnswered):
        requests.training_request_grant(request=asked, by=concierge)


def test_members_may_not_answer(learner, training, place):
    asked = ask(learner, training)
    other = member(place, Role.RESIDENT)
    with pytest.raises(NotAllowed):
        requests.training_request_grant(request=asked, by=other)
    with pytest.raises(NotAllowed):
        requests.training_request_decline(request=asked, by=other, answer="Non")
    assert not Qualification.objects.exists()


def test_a_trainer_of_the_training_may_answer(learner, training, place):
    trainer = member(place, Role.RESIDENT)
    QualificationFactory(person=trainer, training=training, can_train=True)
    asked = ask(learner, training)
    requests.training_request_grant(request=asked, by=trainer)
    assert Qualification.objects.filter(person=learner).exists()
