"""Each order counts what was received for it (net of refunds), filled from its payments."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def fill_received(apps: Any, schema_editor: Any) -> None:
    Order = apps.get_model("billing", "Order")
    Payment = apps.get_model("billing", "Payment")
    received = (
        Payment.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    Order.objects.update(received_cents=Coalesce(Subquery(received), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="received_cents",
            field=models.PositiveIntegerField(default=0, verbose_name="received (cents)"),
        ),
        migrations.RunPython(fill_received, migrations.RunPython.noop),
    ]
