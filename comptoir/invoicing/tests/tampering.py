"""What a forger with database access would do: change rows past the inalterability
triggers, so the tests can check that the chain still tells."""

from __future__ import annotations

from django.db import connection

TABLES = (
    "invoicing_invoice",
    "invoicing_invoiceline",
    "invoicing_creditnote",
    "invoicing_creditnoteline",
    "invoicing_payment",
    "invoicing_closing",
)


def tamper(sql: str) -> None:
    """Run `sql` with the inalterability triggers off (undone by the test's rollback)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's inserts left deferred foreign-key checks, which ALTER TABLE refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_inalterable")
        else:
            for table in TABLES:
                for event in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
        cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
