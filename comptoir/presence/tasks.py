from __future__ import annotations

from django_tasks import task

from comptoir.presence import services


@task()
def auto_check_out() -> int:
    """Check out everyone still checked in after their place closed."""
    return services.visits_auto_check_out()
