"""Background work of news. Tasks take primary keys and reload; each is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def send_announcement(announcement_id: int) -> int:
    """Email the next batch of an announcement to the members who opted in; queues itself
    again until everyone has it."""
    from comptoir.news import notifications

    return notifications.send_announcement_batch(announcement_id)


@task()
def notify_need(need_id: int) -> int:
    """Tell the members who asked for it that a project needs one of their skills."""
    from comptoir.news import notifications

    return notifications.notify_need_posted(need_id)
