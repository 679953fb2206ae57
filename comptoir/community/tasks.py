from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from comptoir.community.models import Person


@task()
def send_welcome_email(person_id: int) -> None:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        context = {"person": person}
        subject = render_to_string("community/email/welcome_subject.txt", context).strip()
        body = render_to_string("community/email/welcome_message.txt", context)
    send_mail(subject, body, None, [person.email])
