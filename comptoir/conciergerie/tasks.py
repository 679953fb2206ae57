from __future__ import annotations

from django_tasks import task

from comptoir.conciergerie import services


@task()
def parcels_upkeep() -> list[int]:
    """Remind the addressees of parcels waiting for days; return the forgotten ones."""
    reminded, returned = services.parcels_upkeep()
    return [reminded, returned]
