"""Background work of invoicing: the closings due each day and the reminders of unpaid
invoices (both idempotent)."""

from __future__ import annotations

from django_tasks import task


@task()
def close_due_periods() -> int:
    """Close yesterday and last month for every entity that invoices."""
    from comptoir.invoicing.services.closings import closings_due_everywhere

    return len(closings_due_everywhere())


@task()
def send_invoice_reminders() -> int:
    """Remind the buyers of invoices unpaid 7 and 30 days after their due date (daily; each
    reminder sent once)."""
    from comptoir.invoicing.services.reminders import reminders_send_due

    return reminders_send_due()
