# Existing ticket books, subscriptions and day passes tie their people to places (community.ties).
from django.db import migrations

from comptoir.community.ties import backfill


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_place_ties"),
        ("access", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(backfill("access", "TicketBook", "place_id"), migrations.RunPython.noop),
        migrations.RunPython(backfill("access", "Subscription", "place_id"), migrations.RunPython.noop),
        migrations.RunPython(backfill("access", "DayPass", "place_id"), migrations.RunPython.noop),
    ]
