"""Credit notes and their lines, inalterable like invoices: the database refuses any UPDATE
or DELETE of them with the triggers of migration 0002 (its PL/pgSQL function on PostgreSQL,
RAISE(ABORT) on SQLite)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TABLES = ("invoicing_creditnote", "invoicing_creditnoteline")
MESSAGE = "issued credit notes are inalterable: no UPDATE or DELETE"


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_inalterable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION invoicing_refuse_change()"
            )
        elif vendor == "sqlite":
            for event in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({table})'); END"
                )
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


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0007_person_card_version"),
        ("invoicing", "0002_issued_invoices_are_inalterable"),
        ("places", "0002_place_country_holiday_region"),
    ]

    operations = [
        migrations.CreateModel(
            name="CreditNote",
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
                ("issue_date", models.DateField(verbose_name="issue date")),
                ("reason", models.CharField(max_length=500, verbose_name="reason")),
                ("seller_name", models.CharField(max_length=150, verbose_name="seller name")),
                ("seller_siret", models.CharField(max_length=14, verbose_name="seller SIRET")),
                ("seller_address", models.CharField(max_length=300, verbose_name="seller address")),
                (
                    "seller_vat_regime",
                    models.CharField(
                        choices=[
                            ("subject", "Subject to VAT"),
                            ("franchise", "Not subject to VAT (franchise, art. 293 B of the CGI)"),
                        ],
                        max_length=10,
                        verbose_name="VAT regime",
                    ),
                ),
                (
                    "seller_vat_number",
                    models.CharField(blank=True, max_length=13, verbose_name="seller VAT number"),
                ),
                ("buyer_name", models.CharField(max_length=200, verbose_name="buyer name")),
                (
                    "buyer_address",
                    models.CharField(blank=True, max_length=300, verbose_name="buyer address"),
                ),
                (
                    "buyer_siren",
                    models.CharField(blank=True, max_length=9, verbose_name="buyer SIREN"),
                ),
                (
                    "buyer_is_business",
                    models.BooleanField(default=False, verbose_name="professional buyer"),
                ),
                (
                    "total_before_tax_cents",
                    models.PositiveIntegerField(verbose_name="total before tax (cents)"),
                ),
                ("total_vat_cents", models.PositiveIntegerField(verbose_name="total VAT (cents)")),
                (
                    "total_cents",
                    models.PositiveIntegerField(verbose_name="total including tax (cents)"),
                ),
                ("vat_totals", models.JSONField(verbose_name="totals per VAT rate")),
                (
                    "exemption_mention",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="VAT exemption mention"
                    ),
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
                    "invoice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_notes",
                        to="invoicing.invoice",
                        verbose_name="invoice",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_notes",
                        to="places.place",
                        verbose_name="place",
                    ),
                ),
                (
                    "seller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_notes_issued",
                        to="community.organization",
                        verbose_name="seller",
                    ),
                ),
            ],
            options={
                "verbose_name": "credit note",
                "verbose_name_plural": "credit notes",
                "ordering": ["seller", "chain_position"],
            },
        ),
        migrations.CreateModel(
            name="CreditNoteLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("label", models.CharField(max_length=200, verbose_name="label")),
                ("quantity", models.PositiveIntegerField(verbose_name="quantity")),
                (
                    "unit_price_before_tax_cents",
                    models.PositiveIntegerField(verbose_name="unit price before tax (cents)"),
                ),
                (
                    "vat_rate_bp",
                    models.PositiveIntegerField(verbose_name="VAT rate (basis points)"),
                ),
                (
                    "total_before_tax_cents",
                    models.PositiveIntegerField(verbose_name="total before tax (cents)"),
                ),
                (
                    "total_cents",
                    models.PositiveIntegerField(verbose_name="total including tax (cents)"),
                ),
                (
                    "credit_note",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lines",
                        to="invoicing.creditnote",
                        verbose_name="credit note",
                    ),
                ),
                (
                    "invoice_line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_lines",
                        to="invoicing.invoiceline",
                        verbose_name="invoice line",
                    ),
                ),
            ],
            options={
                "verbose_name": "credit note line",
                "verbose_name_plural": "credit note lines",
                "ordering": ["credit_note", "position"],
            },
        ),
        migrations.AddConstraint(
            model_name="creditnote",
            constraint=models.UniqueConstraint(
                fields=("seller", "number"), name="creditnote_unique_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="creditnote",
            constraint=models.UniqueConstraint(
                fields=("seller", "series", "sequence"), name="creditnote_unique_sequence"
            ),
        ),
        migrations.AddConstraint(
            model_name="creditnote",
            constraint=models.UniqueConstraint(
                fields=("seller", "chain_position"), name="creditnote_unique_chain_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="creditnoteline",
            constraint=models.UniqueConstraint(
                fields=("credit_note", "position"), name="creditnoteline_unique_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="creditnoteline",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__gte", 1)), name="creditnoteline_quantity_positive"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
