# Existing visits tie their people to places (community.ties).
from django.db import migrations

from comptoir.community.ties import backfill


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_place_ties"),
        ("presence", "0004_covered_period_scope_constraints"),
    ]

    operations = [
        migrations.RunPython(backfill("presence", "Visit", "place_id"), migrations.RunPython.noop),
    ]
