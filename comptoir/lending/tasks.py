"""Background work of the library of things: the borrowers' reminders (daily, each once)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_loan_reminders() -> int:
    """Remind the day before the due date, and once an item is late."""
    from comptoir.lending.services import loans_remind

    return loans_remind()
