"""Closings (clôtures) of an entity's periods, inalterable like invoices: the database refuses
any UPDATE or DELETE of them with the function of migration 0002 (PL/pgSQL on PostgreSQL,
RAISE(ABORT) on SQLite); and each entity's chart of accounts for the FEC."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "invoicing_closing"
MESSAGE = "closings are inalterable: no UPDATE or DELETE"


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_inalterable BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_change()"
        )
    elif vendor == "sqlite":
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({TABLE})'); END"
            )
    else:
        raise NotImplementedError(f"no inalterability trigger for {vendor}")


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_inalterable ON {TABLE}")
    else:
        for event in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0010_role_treasurer"),
        ("invoicing", "0004_payments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="invoicingprofile",
            name="accounts",
            field=models.JSONField(blank=True, default=dict, verbose_name="chart of accounts"),
        ),
        migrations.CreateModel(
            name="Closing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        max_length=5,
                        verbose_name="period",
                    ),
                ),
                ("period_start", models.DateField(verbose_name="first day")),
                ("period_end", models.DateField(verbose_name="last day")),
                ("invoiced", models.JSONField(verbose_name="invoiced per VAT rate")),
                ("credited", models.JSONField(verbose_name="credited per VAT rate")),
                ("received", models.JSONField(verbose_name="received per means of payment")),
                ("invoice_count", models.PositiveIntegerField(verbose_name="invoices")),
                ("credit_note_count", models.PositiveIntegerField(verbose_name="credit notes")),
                ("payment_count", models.PositiveIntegerField(verbose_name="payments")),
                (
                    "invoiced_cents",
                    models.IntegerField(verbose_name="invoiced including tax (cents)"),
                ),
                (
                    "credited_cents",
                    models.IntegerField(verbose_name="credited including tax (cents)"),
                ),
                ("received_cents", models.IntegerField(verbose_name="received (cents)")),
                (
                    "last_invoice_number",
                    models.CharField(blank=True, max_length=20, verbose_name="last invoice"),
                ),
                (
                    "last_invoice_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="its hash"),
                ),
                (
                    "last_credit_note_number",
                    models.CharField(blank=True, max_length=20, verbose_name="last credit note"),
                ),
                (
                    "last_credit_note_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="its hash"),
                ),
                (
                    "last_payment_number",
                    models.CharField(blank=True, max_length=20, verbose_name="last payment"),
                ),
                (
                    "last_payment_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="its hash"),
                ),
                (
                    "chain_position",
                    models.PositiveIntegerField(verbose_name="position in the chain"),
                ),
                (
                    "previous_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="previous hash"),
                ),
                ("hash", models.CharField(max_length=64, verbose_name="hash")),
                ("created_at", models.DateTimeField(verbose_name="closed at")),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="closed by",
                    ),
                ),
                (
                    "seller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="closings",
                        to="community.organization",
                        verbose_name="structure",
                    ),
                ),
            ],
            options={
                "verbose_name": "closing",
                "verbose_name_plural": "closings",
                "ordering": ["seller", "chain_position"],
                "indexes": [
                    models.Index(fields=["seller", "period_end"], name="closing_seller_end_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("seller", "kind", "period_start"), name="closing_unique_period"
                    ),
                    models.UniqueConstraint(
                        fields=("seller", "chain_position"), name="closing_unique_chain_position"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gte", models.F("period_start"))),
                        name="closing_period_ordered",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
