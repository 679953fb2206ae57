"""Run jobs in real threads, each on its own database connection, released at the same
moment: what concurrency tests race (`@pytest.mark.concurrency`, PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(jobs: list[Callable[[], str]], *, timeout_s: float = 120.0) -> list[str]:
    """Each job's result, or "error: …" for what it raised (so an assertion shows it)."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job: Callable[[], str]) -> None:
        try:
            barrier.wait(timeout=30)
            result = job()
        except Exception as error:  # recorded, not lost in the thread
            result = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout_s)
    return outcomes
