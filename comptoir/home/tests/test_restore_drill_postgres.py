"""The restore drill of docs/production.md, run for real on PostgreSQL: `pg_dump -Fc` of the
test database (rows, an uploaded file in the media storage, the SECRET_KEY), `pg_restore
--no-owner` into a scratch database, then `manage.py comptoir_check_restore --counts` on it
in a process of its own (DATABASE_URL on the scratch database, the same MEDIA_ROOT and key),
as an operator runs it. A broken restore (a file lost, a table emptied) exits 1 and says why.

pg_dump only sees committed rows, hence `transaction=True`. PostgreSQL only: conftest.py
skips these tests elsewhere and says so (`make test` gives them a throwaway cluster)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from comptoir.community.tests.factories import PersonFactory
from comptoir.home import restore
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory
from comptoir.publishing.models import SharedResource

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _major(tool: Path) -> int:
    """The major version of a PostgreSQL client tool ("pg_dump (PostgreSQL) 15.20" -> 15)."""
    try:
        out = subprocess.run(
            [tool, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    found = re.search(r"\)\s*(\d+)", out)
    return int(found.group(1)) if found else 0


def pg_tools(server_major: int) -> Path:
    """The newest directory holding both pg_dump and pg_restore: PATH's, or Debian's
    /usr/lib/postgresql/*/bin. pg_dump refuses a server newer than itself."""
    dirs = [Path(found).parent for found in [shutil.which("pg_dump")] if found]
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    usable = [d for d in dirs if (d / "pg_dump").exists() and (d / "pg_restore").exists()]
    best = max(usable, key=lambda d: _major(d / "pg_dump"), default=None)
    if best is None or _major(best / "pg_dump") < server_major:
        pytest.skip(
            f"no pg_dump/pg_restore of PostgreSQL {server_major} or newer "
            f"(install postgresql-client-{server_major})"
        )
    return best


@dataclass(frozen=True)
class Server:
    """Where the test database is, as settings.DATABASES says: port 5432 on CI, the
    throwaway cluster's port under `make test`, a socket directory when HOST is a path."""

    host: str
    port: str
    user: str
    password: str

    @classmethod
    def of_tests(cls) -> Server:
        db = connection.settings_dict
        return cls(
            host=db["HOST"] or "",
            port=str(db["PORT"] or ""),
            user=db["USER"] or "",
            password=db["PASSWORD"] or "",
        )

    def args(self) -> list[str]:
        given = {"--host": self.host, "--port": self.port, "--username": self.user}
        return [f"{option}={value}" for option, value in given.items() if value] + ["--no-password"]

    def env(self) -> dict[str, str]:
        return os.environ | ({"PGPASSWORD": self.password} if self.password else {})

    def url(self, database: str) -> str:
        user = quote(self.user, safe="") + (
            f":{quote(self.password, safe='')}" if self.password else ""
        )
        where = quote(self.host, safe="") + (f":{self.port}" if self.port else "")
        return f"postgresql://{user}{'@' if user else ''}{where}/{database}"

    def connect(self, database: str) -> psycopg.Connection[Any]:
        given = {"host": self.host, "port": self.port, "user": self.user, "password": self.password}
        return psycopg.connect(
            dbname=database,
            autocommit=True,
            **{key: value for key, value in given.items() if value},
        )


def check_restore(server: Server, database: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    """`manage.py comptoir_check_restore --counts` as the drill runs it, on DATABASE."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "MEDIA_", "COMPTOIR_VAR_DIR", "SECRET_KEY"))
    }
    env |= {
        "DATABASE_URL": server.url(database),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "COMPTOIR_VAR_DIR": str(var_dir),
        "SECRET_KEY": settings.SECRET_KEY,  # the key kept with the backups
        "TASKS_BACKEND": "immediate",
    }
    return subprocess.run(
        [sys.executable, settings.BASE_DIR / "manage.py", "comptoir_check_restore", "--counts"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@dataclass(frozen=True)
class Drill:
    server: Server
    source: str  # the test database, dumped
    restored: str  # the scratch database the dump is restored into
    var_dir: Path

    def check(self, database: str) -> subprocess.CompletedProcess[str]:
        return check_restore(self.server, database, self.var_dir)


@pytest.fixture
def drill(settings: Any, tmp_path: Path) -> Iterator[Drill]:
    """A small installation in the test database, dumped and restored into a scratch one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    place = PlaceFactory()
    PersonFactory(is_superuser=True, is_staff=True)
    PersonFactory.create_batch(3)
    resource = SharedResource(place=place, title="Statuts")
    resource.file.save("statuts.pdf", ContentFile(b"%PDF-1.4"), save=True)

    server, source = Server.of_tests(), connection.settings_dict["NAME"]
    tools = pg_tools(connection.pg_version // 10000)
    restored = f"{source}_drill_{os.getpid()}"[:63]
    dump = tmp_path / "comptoir.dump"
    subprocess.run(
        [tools / "pg_dump", *server.args(), "--format=custom", "--no-owner", f"--file={dump}"]
        + [source],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    with server.connect(source) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        loaded = subprocess.run(
            [tools / "pg_restore", *server.args(), "--no-owner", f"--dbname={restored}", dump],
            env=server.env(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert loaded.returncode == 0, loaded.stderr
        yield Drill(server, source, restored, tmp_path / "var")
    finally:
        with server.connect(source) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def test_a_pg_dump_restores_completely(drill: Drill) -> None:
    before = drill.check(drill.source)
    assert before.returncode == 0, before.stdout + before.stderr

    after = drill.check(drill.restored)

    assert after.returncode == 0, after.stdout + after.stderr
    assert after.stdout.rstrip().endswith("The restore is complete.")
    assert after.stdout == before.stdout  # every table's rows, the same SECRET_KEY
    assert f"SECRET_KEY fingerprint: {restore.secret_key_fingerprint()}" in after.stdout
    assert "         1  publishing.SharedResource" in after.stdout
    assert "         1  places.Place" in after.stdout


def test_a_restore_without_its_files_or_with_an_emptied_table_is_refused(drill: Drill) -> None:
    resource = SharedResource.objects.get()
    resource.file.storage.delete(resource.file.name)  # the media were not restored

    lost_file = drill.check(drill.restored)

    assert lost_file.returncode == 1
    assert f"[files] 1 missing for publishing.SharedResource.file: {resource.file.name}" in (
        lost_file.stdout
    )
    assert "The restore is not complete: 1 problem(s)." in lost_file.stderr

    with drill.server.connect(drill.restored) as restored:  # a partial dump: no places
        restored.execute(f"TRUNCATE {Place._meta.db_table} CASCADE")
    emptied = drill.check(drill.restored)

    assert emptied.returncode == 1
    assert "[rows] no places" in emptied.stdout
    assert "The restore is complete." not in emptied.stdout
