"""For the tests proving the move of the incubator's and the contributions' models out of
`projects` loses nothing: take the test database back to the schema the old code left
(`projects` at 0002, the new apps absent, every other app at its leaf), fill it through the
historical models, then migrate forward again."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD_PROJECTS_LEAF = ("projects", "0002_incubation")
NEW_APPS = ("incubator", "contributions")

Target = tuple[str, str | None]


def _leaves() -> list[Target]:
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def before_the_move() -> list[Target]:
    """The leaves a database migrated by the old code is at. The apps written since that
    build on the moved ones (the roster's hours are contributions) did not exist either."""
    graph = MigrationExecutor(connection).loader.graph
    old_projects = set(graph.forwards_plan(OLD_PROJECTS_LEAF))
    later = {
        leaf[0]
        for leaf in graph.leaf_nodes()
        if leaf[0] not in (*NEW_APPS, "projects")
        and any(
            node[0] in NEW_APPS or (node[0] == "projects" and node not in old_projects)
            for node in graph.forwards_plan(leaf)
        )
    }
    absent = (*NEW_APPS, *sorted(later))
    kept = [leaf for leaf in _leaves() if leaf[0] not in (*absent, "projects")]
    return [*kept, OLD_PROJECTS_LEAF, *((app, None) for app in absent)]


def migrate(targets: list[Target]) -> Any:
    """Migrates the database to `targets`; returns the apps of the state reached."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied changed
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def migrate_to_the_leaves() -> Any:
    return migrate(_leaves())


def old_content_type(apps: Any, model: str) -> Any:
    """The content type row the old code had for a moved model (`projects.<model>`), with
    no row for the new label, as a database of the old code has it."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label__in=NEW_APPS, model=model).delete()
    found, _ = content_types.get_or_create(app_label="projects", model=model)
    return found
