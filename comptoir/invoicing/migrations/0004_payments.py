"""Payments and refunds, inalterable like invoices: the database refuses any UPDATE or DELETE
of them with the function of migration 0002 (PL/pgSQL on PostgreSQL, RAISE(ABORT) on
SQLite)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


TABLE = "invoicing_payment"
MESSAGE = "recorded payments are inalterable: no UPDATE or DELETE"


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
        ("billing", "0002_order_received_cents"),
        ("community", "0007_person_card_version"),
        ("invoicing", "0003_credit_notes"),
        ("places", "0002_place_country_holiday_region"),
    ]

    operations = [
        migrations.CreateModel(
            name="Payment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("series", models.CharField(max_length=10, verbose_name="series")),
                ("sequence", models.PositiveIntegerField(verbose_name="sequence")),
                ("number", models.CharField(max_length=20, verbose_name="number")),
                (
                    "means",
                    models.CharField(
                        choices=[
                            ("cash", "Cash"),
                            ("card", "Card"),
                            ("cheque", "Cheque"),
                            ("transfer", "Bank transfer"),
                            ("direct_debit", "SEPA direct debit"),
                            ("online", "Online"),
                        ],
                        max_length=12,
                        verbose_name="means of payment",
                    ),
                ),
                ("received_on", models.DateField(verbose_name="date")),
                ("amount_cents", models.IntegerField(verbose_name="amount (cents)")),
                (
                    "reference",
                    models.CharField(blank=True, max_length=100, verbose_name="reference"),
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
                ("created_at", models.DateTimeField(verbose_name="created at")),
                (
                    "credit_note",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="refunds",
                        to="invoicing.creditnote",
                        verbose_name="credit note refunded",
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ledger_payments",
                        to="billing.order",
                        verbose_name="order",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.place",
                        verbose_name="place",
                    ),
                ),
                (
                    "seller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments_received",
                        to="community.organization",
                        verbose_name="seller",
                    ),
                ),
            ],
            options={
                "verbose_name": "payment",
                "verbose_name_plural": "payments",
                "ordering": ["seller", "chain_position"],
                "indexes": [
                    models.Index(fields=["order", "chain_position"], name="payment_order_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("seller", "number"), name="payment_unique_number"
                    ),
                    models.UniqueConstraint(
                        fields=("seller", "series", "sequence"), name="payment_unique_sequence"
                    ),
                    models.UniqueConstraint(
                        fields=("seller", "chain_position"), name="payment_unique_chain_position"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("amount_cents__gt", 0), ("credit_note__isnull", True)),
                            models.Q(("amount_cents__lt", 0), ("credit_note__isnull", False)),
                            _connector="OR",
                        ),
                        name="payment_refund_has_credit_note",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
