"""The backup procedure of docs/production.md, run for real on SQLite: back up a running
installation (the database by SQLite's online backup, the uploaded files, the secret key),
restore it elsewhere and check it with `comptoir_check_restore`; then lose a file and see
the check fail. (The same drill with pg_dump/pg_restore: test_restore_drill_postgres.py.)"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SETUP = """
from django.core.files.base import ContentFile
from comptoir.community.tests.factories import PersonFactory
from comptoir.places.tests.factories import PlaceFactory
from comptoir.publishing.models import SharedResource
PersonFactory(is_superuser=True, is_staff=True)
resource = SharedResource(place=PlaceFactory(), title="Statuts")
resource.file.save("statuts.pdf", ContentFile(b"%PDF-1.4"), save=True)
"""


def manage(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "MEDIA_", "COMPTOIR_VAR_DIR", "SECRET_KEY"))
    }
    env |= {
        "COMPTOIR_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'comptoir.sqlite3'}",
        "TASKS_BACKEND": "immediate",
    }
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def backup(source: Path, backups: Path) -> None:
    """The nightly backup: SQLite's online copy (`sqlite3 … .backup`), files, key."""
    backups.mkdir()
    with sqlite3.connect(source / "comptoir.sqlite3") as live:
        with sqlite3.connect(backups / "comptoir.sqlite3") as copy:
            live.backup(copy)
    shutil.copytree(source / "media", backups / "media")
    shutil.copy(source / "secret_key", backups / "secret_key")


def test_a_backup_restores_completely_and_a_lost_file_is_caught(tmp_path: Path) -> None:
    source, backups, restored = tmp_path / "source", tmp_path / "backups", tmp_path / "restored"
    assert manage(source, "migrate", "-v0").returncode == 0
    assert manage(source, "createcachetable").returncode == 0
    assert manage(source, "shell", "-c", SETUP).returncode == 0
    before = manage(source, "comptoir_check_restore", "--counts")
    assert before.returncode == 0, before.stdout + before.stderr

    backup(source, backups)
    shutil.copytree(backups, restored)  # the drill: restore on another machine
    after = manage(restored, "comptoir_check_restore", "--counts")

    assert after.returncode == 0, after.stdout + after.stderr
    assert after.stdout == before.stdout  # every table's rows and the same SECRET_KEY
    assert "1  publishing.SharedResource" in after.stdout

    for lost in (restored / "media").rglob("statuts*.pdf"):
        lost.unlink()
    broken = manage(restored, "comptoir_check_restore")

    assert broken.returncode == 1
    assert "[files] 1 missing for publishing.SharedResource.file" in broken.stdout
