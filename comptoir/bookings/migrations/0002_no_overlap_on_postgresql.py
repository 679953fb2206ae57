"""The database itself refuses two confirmed bookings of a capacity-1 resource whose times
overlap: a GiST exclusion constraint on (resource, [start, end)). PostgreSQL only; on the
embedded SQLite, writes are serialised (IMMEDIATE transactions) and the service checks."""

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import F, Func, Q


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


NO_OVERLAP = ExclusionConstraint(
    name="booking_no_overlap",
    expressions=[
        (TsTzRange(F("start"), F("end"), RangeBoundary()), RangeOperators.OVERLAPS),
        ("resource", RangeOperators.EQUAL),
    ],
    condition=Q(status="confirmed", exclusive=True),
)


class AddConstraintOnPostgres(migrations.AddConstraint):
    """Adds the constraint to the PostgreSQL schema only, and not to the model state (the
    model does not declare it, so other databases never try to build it)."""

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
    dependencies = [("bookings", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        AddConstraintOnPostgres(model_name="booking", constraint=NO_OVERLAP),
    ]
