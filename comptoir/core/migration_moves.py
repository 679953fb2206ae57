"""For migrations that move models from one app to another while keeping their tables:
the rows that name a model by its app label follow it.

- `django_content_type` (and through it the permissions and anything pointing at a
  content type): the moved models' rows are relabelled, not recreated, so their ids stay.
- The audit trail (`AuditEvent.target_type`, "<app>.<model>"): past rows name the new app,
  as the new rows will.

Reversible: going back relabels to the old app."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def relabel_models(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """The operation relabelling `models` (lower-case model names) from old_app to new_app."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        _relabel(apps, schema_editor.connection.alias, old_app, new_app, models)

    def backwards(apps: Any, schema_editor: Any) -> None:
        _relabel(apps, schema_editor.connection.alias, new_app, old_app, models)

    return migrations.RunPython(forwards, backwards, elidable=False)


def _relabel(apps: Any, db: str, source: str, target: str, models: list[str]) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(db)
    events = apps.get_model("core", "AuditEvent").objects.using(db)
    for model in models:
        # A row for the new label exists only if something created it out of order; then
        # the old one is left alone rather than merged (its permissions keep their ids).
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)
        events.filter(target_type=f"{source}.{model}").update(target_type=f"{target}.{model}")
