"""The incubator's and the contributions' models leave this app for `incubator` and
`contributions`: removed from this app's state only. Their tables stay as they are (the
new apps point their `Meta.db_table` at them), so no row moves and nothing is lost; the
new apps' first migrations, which depend on this one, take them over."""

from django.db import migrations

# Leaves first, so that no model of the state points at a deleted one.
MOVED = [
    "canvasrevision",
    "canvas",
    "checklisttick",
    "incubation",
    "checklistitem",
    "stage",
    "programme",
    "share",
    "prestation",
    "contribution",
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_incubation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]
