"""The database itself refuses two live periods (reserved or lent) of one item whose days
overlap: a GiST exclusion constraint on (item, [starts_on, due_on]). PostgreSQL only; on
SQLite, writes are serialised (IMMEDIATE transactions) and the service checks under the
item's lock."""

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import F, Func, Q, Value


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


NO_OVERLAP = ExclusionConstraint(
    name="loan_no_overlap",
    expressions=[
        (DateRange(F("starts_on"), F("due_on"), Value("[]")), RangeOperators.OVERLAPS),
        ("item", RangeOperators.EQUAL),
    ],
    condition=Q(status__in=["reserved", "out"]),
)


class AddConstraintOnPostgres(migrations.AddConstraint):
    """Adds the constraint to the PostgreSQL schema only, not to the model state (the model
    does not declare it, so other databases never try to build it)."""

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_constraint(model, self.constraint)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_constraint(model, self.constraint)


class Migration(migrations.Migration):
    dependencies = [("lending", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        AddConstraintOnPostgres(model_name="loan", constraint=NO_OVERLAP),
    ]
