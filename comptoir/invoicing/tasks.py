"""Background work of invoicing: the closings due each day (idempotent)."""

from __future__ import annotations

from django_tasks import task


@task()
def close_due_periods() -> int:
    """Close yesterday and last month for every entity that invoices."""
    from comptoir.invoicing.services.closings import closings_due_everywhere

    return len(closings_due_everywhere())
