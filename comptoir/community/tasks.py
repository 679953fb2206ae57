from __future__ import annotations

from django_tasks import task

from comptoir.community.models import Person
from comptoir.core.email import Recipient, send_email


@task()
def send_welcome_email(person_id: int) -> None:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return
    send_email("community/email/welcome", Recipient.of(person), {"person": person})
