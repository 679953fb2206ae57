"""Asking for a training and answering: a person asks (to book a machine that needs it), the
place's concierges or the training's trainers grant it (a qualification, through
`services.qualification_grant`) or decline with a message; the person is told by email.

One pending request per person and training: the service checks it, and a partial unique
constraint has the last word when two requests race."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.bookings import rules, services
from comptoir.bookings.audit import Verb
from comptoir.bookings.exceptions import (
    AlreadyTrained,
    RequestAnswered,
    TrainingAlreadyRequested,
)
from comptoir.bookings.models import Training, TrainingRequest
from comptoir.community.models import Person
from comptoir.core.email import Recipient, absolute_url, send_email
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor

ANSWER_MAX = 1000


@transaction.atomic
def training_request_create(
    *, person: Person, training: Training, by: Actor, message: str = ""
) -> TrainingRequest:
    """`person` asks for `training` (only for themselves)."""
    if getattr(by, "pk", None) != person.pk:
        raise NotAllowed()
    if rules.holds_training(person, training, timezone.localdate()):
        raise AlreadyTrained()
    if TrainingRequest.objects.filter(
        person_id=person.pk, training=training, status=TrainingRequest.Status.PENDING
    ).exists():
        raise TrainingAlreadyRequested()
    request = TrainingRequest(person=person, training=training, message=message.strip())
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the race's loser gets the same refusal
            request.save()
    except IntegrityError as error:
        raise TrainingAlreadyRequested() from error
    audit_record(
        actor=by,
        verb=Verb.TRAINING_REQUESTED,
        target=request,
        place=training.place,
        data={"training": training.pk},
    )
    return request


def _locked_pending(request: TrainingRequest) -> TrainingRequest:
    """The request, locked: two concierges answering at once answer once."""
    locked = TrainingRequest.objects.select_for_update().select_related("person", "training__place")
    request = locked.get(pk=request.pk)
    if request.status != TrainingRequest.Status.PENDING:
        raise RequestAnswered()
    return request


def _answered(request: TrainingRequest, status: str, by: Actor, answer: str) -> None:
    request.status = status
    request.answer = answer
    request.answered_by = by if getattr(by, "is_authenticated", False) else None
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])


def _tell(request: TrainingRequest, template: str) -> None:
    place = request.training.place
    context = {
        "request": request,
        "person": request.person,
        "training": request.training,
        "place": place,
        "trainings_url": absolute_url(reverse("bookings:trainings", args=[place.slug])),
    }
    send_email(f"bookings/email/{template}", Recipient.of(request.person), context)


@transaction.atomic
def training_request_grant(*, request: TrainingRequest, by: Actor) -> TrainingRequest:
    """Grant the training asked for (from today) and tell the person."""
    if not services.can_grant(by, request.training):
        raise NotAllowed()
    request = _locked_pending(request)
    services.qualification_grant(person=request.person, training=request.training, by=by)
    _answered(request, TrainingRequest.Status.GRANTED, by, "")
    _tell(request, "training_granted")
    return request


@transaction.atomic
def training_request_decline(
    *, request: TrainingRequest, by: Actor, answer: str
) -> TrainingRequest:
    """Decline, saying why (the person reads it), and tell the person."""
    if not services.can_grant(by, request.training):
        raise NotAllowed()
    answer = answer.strip()
    if not answer:
        raise InvalidInput(_("Say why, so the person knows what to do."), field="answer")
    if len(answer) > ANSWER_MAX:
        raise InvalidInput(field="answer")
    request = _locked_pending(request)
    _answered(request, TrainingRequest.Status.DECLINED, by, answer)
    audit_record(
        actor=by,
        verb=Verb.TRAINING_REQUEST_DECLINED,
        target=request,
        place=request.training.place,
        data={"training": request.training_id, "person": request.person_id},
    )
    _tell(request, "training_declined")
    return request
