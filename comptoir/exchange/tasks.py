from __future__ import annotations

from django_tasks import task


@task()
def expire_posts() -> int:
    """Daily: the board's posts past their day close as expired."""
    from comptoir.exchange.services import posts_expire

    return posts_expire()
