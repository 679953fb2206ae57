"""Background work of the Give Box: what nobody took in time expires (daily, idempotent)."""

from __future__ import annotations

from django_tasks import task


@task()
def expire_gifts() -> int:
    from comptoir.givebox.services import gifts_expire

    return gifts_expire()
