"""A receipt payment may be negative: money given back on the order (a deposit returned),
never zero."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_order_received_cents"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payment",
            name="amount_cents",
            field=models.IntegerField(verbose_name="amount (cents)"),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_cents", 0), _negated=True),
                name="billing_payment_amount_not_zero",
            ),
        ),
    ]
