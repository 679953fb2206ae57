"""People's names folded for search (`Person.search_name`, core.search.fold), filled for the
people already there, and on PostgreSQL two trigram indexes (pg_trgm) so that the desk, the
directory and the API find a part of a name or of an email without reading every person:
`LIKE '%eloise%'` is answered from the index at 20,000 people as at 200,000."""

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from comptoir.core.search import fold

BATCH = 2000
INDEXES = {
    "person_search_name_trgm": "search_name",
    "person_email_trgm": "email",
}


def fill(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("community", "Person")
    people = Person.objects.using(schema_editor.connection.alias).only("first_name", "last_name")
    batch = []
    for person in people.order_by("pk").iterator(chunk_size=BATCH):
        person.search_name = fold(f"{person.first_name} {person.last_name}")
        batch.append(person)
        if len(batch) == BATCH:
            Person.objects.bulk_update(batch, ["search_name"])
            batch = []
    Person.objects.bulk_update(batch, ["search_name"])


def create_indexes(apps: Any, schema_editor: Any) -> None:
    # fastupdate off: new people go straight into the index instead of a pending list that
    # every search reads in full until the next VACUUM (a few ms per search after a day of
    # sign-ups); people are written rarely, searched at every key typed.
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite compares the folded column by a scan: the embedded default is small
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON community_person "
            f"USING gin ({column} gin_trgm_ops) WITH (fastupdate = off)"
        )


def drop_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0007_person_card_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.TextField(
                blank=True, db_default="", editable=False, verbose_name="name for search"
            ),
        ),
        # CREATE EXTENSION IF NOT EXISTS pg_trgm (PostgreSQL only; in Debian's postgresql).
        TrigramExtension(),
        # The indexes before the rows are filled: an index built in the transaction that
        # rewrote the rows would stay unusable while an older transaction runs (indcheckxmin).
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
