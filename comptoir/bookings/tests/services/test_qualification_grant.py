"""qualification_grant: concierges and qualified trainers record trainings, nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from comptoir.bookings import services
from comptoir.bookings.models import Booking, Qualification, Resource
from comptoir.bookings.tests.factories import (
    QualificationFactory,
    ResourceFactory,
    TrainingFactory,
)
from comptoir.bookings.tests.helpers import MONDAY, at, book, member
from comptoir.community.models import Role
from comptoir.core.exceptions import DomainError, InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def training(place):
    return TrainingFactory(place=place, name="Imprimante 3D", validity_months=12)


@pytest.fixture
def learner(place):
    return member(place, Role.RESIDENT)


@pytest.fixture
def trainer(training, today):
    person = member(training.place, Role.RESIDENT)
    QualificationFactory(person=person, training=training, granted_on=today, can_train=True)
    return person


def assert_not_granted(error: type[DomainError], code: str, **call) -> None:
    count, events = Qualification.objects.count(), AuditEvent.objects.count()
    with pytest.raises(error) as info:
        services.qualification_grant(**call)
    assert info.value.code == code
    assert Qualification.objects.count() == count
    assert AuditEvent.objects.count() == events


def test_a_concierge_grants_a_training_that_expires_after_its_validity(
    training, learner, concierge, today
):
    qualification = services.qualification_grant(person=learner, training=training, by=concierge)

    assert qualification.granted_on == today
    assert qualification.expires_on == today + relativedelta(months=12)
    assert qualification.granted_by == concierge
    assert qualification.can_train is False
    event = AuditEvent.objects.get(verb="qualification.granted")
    assert (event.actor, event.place) == (concierge, training.place)


def test_a_training_without_validity_never_expires(place, learner, concierge):
    training = TrainingFactory(place=place, validity_months=None)

    qualification = services.qualification_grant(person=learner, training=training, by=concierge)

    assert qualification.expires_on is None


def test_the_expiry_counts_from_the_date_of_the_training(training, learner, concierge, today):
    followed = today - dt.timedelta(days=10)

    qualification = services.qualification_grant(
        person=learner, training=training, by=concierge, granted_on=followed
    )

    assert qualification.expires_on == followed + relativedelta(months=12)


def test_a_qualified_trainer_grants_the_training(training, learner, trainer):
    qualification = services.qualification_grant(person=learner, training=training, by=trainer)

    assert qualification.granted_by == trainer


def test_a_person_without_the_right_cannot_grant(training, learner, place):
    stranger = member(place, Role.RESIDENT)

    assert_not_granted(NotAllowed, "forbidden", person=learner, training=training, by=stranger)


def test_a_qualified_person_who_may_not_train_cannot_grant(training, learner, place, today):
    user = member(place, Role.RESIDENT)
    QualificationFactory(person=user, training=training, granted_on=today, can_train=False)

    assert_not_granted(NotAllowed, "forbidden", person=learner, training=training, by=user)


def test_a_trainer_of_another_training_cannot_grant(training, learner, place, today):
    other_trainer = member(place, Role.RESIDENT)
    QualificationFactory(
        person=other_trainer,
        training=TrainingFactory(place=place),
        granted_on=today,
        can_train=True,
    )

    assert_not_granted(NotAllowed, "forbidden", person=learner, training=training, by=other_trainer)


def test_a_trainer_whose_own_qualification_expired_cannot_grant(training, learner, place, today):
    lapsed = member(place, Role.RESIDENT)
    QualificationFactory(
        person=lapsed,
        training=training,
        granted_on=today - relativedelta(months=13),
        expires_on=today - dt.timedelta(days=1),
        can_train=True,
    )

    assert_not_granted(NotAllowed, "forbidden", person=learner, training=training, by=lapsed)


def test_a_concierge_of_another_place_cannot_grant(training, learner):
    elsewhere = member(TrainingFactory().place, Role.CONCIERGE_PERMANENT)

    assert_not_granted(NotAllowed, "forbidden", person=learner, training=training, by=elsewhere)


def test_only_a_concierge_may_let_someone_train_others(training, learner, trainer):
    assert_not_granted(
        NotAllowed, "forbidden", person=learner, training=training, by=trainer, can_train=True
    )


def test_a_concierge_lets_someone_train_others(training, learner, concierge):
    qualification = services.qualification_grant(
        person=learner, training=training, by=concierge, can_train=True
    )

    assert qualification.can_train is True
    assert services.can_grant(learner, training)


def test_granting_again_renews_the_date_and_the_expiry(training, learner, concierge, today):
    services.qualification_grant(
        person=learner, training=training, by=concierge, granted_on=today - dt.timedelta(days=300)
    )

    renewed = services.qualification_grant(person=learner, training=training, by=concierge)

    assert Qualification.objects.filter(person=learner, training=training).count() == 1
    assert renewed.granted_on == today
    assert renewed.expires_on == today + relativedelta(months=12)


def test_a_trainer_renewing_another_trainer_keeps_their_right_to_train(
    training, trainer, place, today
):
    colleague = member(place, Role.RESIDENT)
    QualificationFactory(
        person=colleague,
        training=training,
        granted_on=today - dt.timedelta(days=300),
        can_train=True,
    )

    renewed = services.qualification_grant(person=colleague, training=training, by=trainer)

    assert renewed.granted_on == today
    assert renewed.can_train is True


def test_a_concierge_may_take_back_the_right_to_train(training, trainer, concierge):
    renewed = services.qualification_grant(
        person=trainer, training=training, by=concierge, can_train=False
    )

    assert renewed.can_train is False


def test_a_training_in_the_future_is_refused(training, learner, concierge, today):
    with pytest.raises(InvalidInput) as info:
        services.qualification_grant(
            person=learner,
            training=training,
            by=concierge,
            granted_on=today + dt.timedelta(days=1),
        )

    assert (info.value.code, info.value.field) == ("invalid", "granted_on")
    assert not Qualification.objects.exists()
    assert not AuditEvent.objects.exists()


def test_once_granted_the_person_can_book_the_equipment(training, learner, trainer):
    printer = ResourceFactory(
        place=training.place, kind=Resource.Kind.EQUIPMENT, required_training=training
    )
    services.qualification_grant(person=learner, training=training, by=trainer)

    booking = book(printer, learner, at(MONDAY, 10))

    assert Booking.objects.get() == booking
