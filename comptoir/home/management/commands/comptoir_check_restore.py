"""Check that a restored database is complete (the restore drill of docs/production.md).

Prints a report and exits 0 when the restore can run the place, 1 otherwise: migrations not
applied or tables missing, no place / person / network administrator, a ticket book below
zero or an order whose lines do not add up, broken foreign keys, files rows refer to that
are not in the storage. `--counts` adds every table's row count and the SECRET_KEY's
fingerprint, to compare with the installation the backup came from.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from comptoir.home import restore


class Command(BaseCommand):
    help = "Check that a restored database (and its uploaded files) is complete."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-files", action="store_true", help="Skip the uploaded files' check."
        )
        parser.add_argument(
            "--counts", action="store_true", help="Also print every table's row count."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = restore.check_restore(files=not options["no_files"])
        schema_complete = not any(p.check in {"migrations", "tables"} for p in problems)
        if options["counts"] and schema_complete:
            for label, count in sorted(restore.row_counts().items()):
                self.stdout.write(f"{count:>10}  {label}")
        self.stdout.write(f"SECRET_KEY fingerprint: {restore.secret_key_fingerprint()}")
        for problem in problems:
            self.stdout.write(self.style.ERROR(f"[{problem.check}] {problem.detail}"))
        if problems:
            raise CommandError(f"The restore is not complete: {len(problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS("The restore is complete."))
