"""The database itself refuses to change or delete an issued invoice or one of its lines:
a trigger on each table, in PL/pgSQL on PostgreSQL and SQLite's RAISE(ABORT) elsewhere.
Both raise an integrity error (SQLSTATE 23001 on PostgreSQL), whatever path the write takes:
the ORM, raw SQL, the admin, a shell."""

from typing import Any

from django.db import migrations

TABLES = ("invoicing_invoice", "invoicing_invoiceline")
MESSAGE = "issued invoices are inalterable: no UPDATE or DELETE"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION invoicing_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')', ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def _postgres(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_inalterable BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_change()"
    )


def _sqlite(table: str, event: str) -> str:
    return (
        f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({table})'); END"
    )


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(_postgres(table))
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("UPDATE", "DELETE"):
                schema_editor.execute(_sqlite(table, event))
    else:
        raise NotImplementedError(f"no inalterability trigger for {vendor}")


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_inalterable ON {table}")
        else:
            for event in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS invoicing_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
