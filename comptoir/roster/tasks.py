from __future__ import annotations

from django_tasks import task


@task()
def roster_upkeep() -> dict[str, int]:
    """Daily: the weekly shifts made up to their horizon, then the gaps ahead alerted."""
    from comptoir.roster.services import gaps_alert, patterns_extend

    return {"shifts_made": patterns_extend(), "days_alerted": gaps_alert()}
