"""Close what is due for every entity that invoices: yesterday, and last month unless it is
closed already (the scheduler runs it each morning; running it twice closes nothing more)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from comptoir.invoicing.services.closings import closings_due_everywhere


class Command(BaseCommand):
    help = "Close yesterday and last month for every entity that invoices (idempotent)"

    def handle(self, *args: Any, **options: Any) -> None:
        closings = closings_due_everywhere()
        for closing in closings:
            self.stdout.write(f"closed: {closing} (#{closing.seller_id}), {closing.hash[:12]}")
        self.stdout.write(f"{len(closings)} closing(s)")
