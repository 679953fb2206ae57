"""Background work every app shares: delivering an email rendered by `core.email`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def deliver_email(
    *, to: str, subject: str, body: str, html: str = "", headers: dict[str, str] | None = None
) -> None:
    """Send one rendered email from the configured sender (plain data, so the task can
    wait in the queue), with the extra `headers` given."""
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
