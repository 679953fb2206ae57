"""Say whether each legal entity's chain of invoices, credit notes and payments, and its chain
of closings, is intact;
exit 1 naming the first broken document (invoice, credit note or payment) of each entity
whose chain is not."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from comptoir.invoicing.closing_selectors import closing_chains_verify
from comptoir.invoicing.selectors import ChainReport, invoice_chains_verify


class Command(BaseCommand):
    help = (
        "Verify each entity's chain of invoices, credit notes and payments "
        "(exit 1 if one is broken)"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        documents = invoice_chains_verify()
        closings = closing_chains_verify()
        self._report(documents, "document(s)")
        self._report(closings, "closing(s)")
        reports = documents + closings
        broken = [report for report in reports if not report.intact]
        if broken:
            names = ", ".join(f"{r.seller_name}: {r.broken_number}" for r in broken)
            raise CommandError(f"{len(broken)} broken chain(s): {names}")
        self.stdout.write(f"{len(reports)} chain(s) intact")

    def _report(self, reports: list[ChainReport], what: str) -> None:
        for report in reports:
            if report.intact:
                self.stdout.write(
                    f"intact: {report.seller_name} (#{report.seller_id}), {report.count} {what}"
                )
            else:
                self.stdout.write(
                    f"BROKEN: {report.seller_name} (#{report.seller_id}), first broken "
                    f"{what[:-3]} {report.broken_number}: {report.reason}"
                )
