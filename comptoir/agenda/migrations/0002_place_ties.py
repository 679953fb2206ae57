# Existing registrations tie their people to places (community.ties).
from django.db import migrations

from comptoir.community.ties import backfill


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_place_ties"),
        ("agenda", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill("agenda", "Registration", "event__place_id"), migrations.RunPython.noop),
    ]
