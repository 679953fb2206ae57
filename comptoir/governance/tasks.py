from __future__ import annotations

from django_tasks import task


@task()
def close_due_proposals() -> int:
    """Every minute: count the proposals whose closing time has come."""
    from comptoir.governance.services.proposals import close_due_proposals as close

    return close()


@task()
def apply_due_changes() -> int:
    """Each morning: apply the adopted changes whose effective date has come."""
    from comptoir.governance.services.apply import changes_apply_due

    return changes_apply_due()
