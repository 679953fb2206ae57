"""The contributions' tests build on the projects app's fixtures (a project, its porteur and
a contributor)."""

from comptoir.projects.tests.conftest import (  # noqa: F401 - fixtures used here
    contributor,
    make_project,
    project,
    project_lead,
)
