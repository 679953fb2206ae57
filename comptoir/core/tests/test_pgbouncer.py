"""Comptoir behind PgBouncer in transaction mode (issue 17 pt 4; docs/production.md): a
throwaway PgBouncer in front of the test's PostgreSQL, check-ins and a page through it.

Prepared statements (core.prepared) need PgBouncer 1.21 or later with
`max_prepared_statements`; with an older one (Debian 12 ships 1.18) the test runs as
production must: PREPARED_STATEMENTS=false. `make test` installs Debian's pgbouncer."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from comptoir.access.tests.helpers import buy_book
from comptoir.access.tests.timing import at, next_monday
from comptoir.community.tests.factories import PersonFactory
from comptoir.presence import services
from comptoir.presence.models import Visit


@dataclass(frozen=True)
class Bouncer:
    port: int
    keeps_prepared_statements: bool

    def admin(self, command: str) -> list[tuple[str, ...]]:
        """A command of PgBouncer's console (simple query protocol only)."""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=pgbouncer", autocommit=True
        ) as console:
            result = console.pgconn.exec_(command.encode())
            return [
                tuple((result.get_value(row, col) or b"").decode() for col in range(result.nfields))
                for row in range(result.ntuples)
            ]


def _version(executable: str) -> tuple[int, ...]:
    shown = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout
    return tuple(int(part) for part in shown.split()[1].split("."))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def pgbouncer() -> Iterator[Bouncer]:
    # Not pytest's tmp_path: its parents are private to root, and PgBouncer refuses to run
    # as root (it runs as postgres, so its files must be reachable).
    with tempfile.TemporaryDirectory(prefix="comptoir-pgbouncer-") as directory:
        folder = Path(directory)
        folder.chmod(0o777)
        yield from _pgbouncer(folder)


def _pgbouncer(tmp_path: Path) -> Iterator[Bouncer]:
    executable = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )
    if executable is None:
        pytest.fail(
            "PgBouncer is needed: `make test` installs Debian's (apt-get install pgbouncer)",
            pytrace=False,
        )
    keeps = _version(executable) >= (1, 21)
    db = connection.settings_dict
    port = _free_port()
    (tmp_path / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    config = tmp_path / "pgbouncer.ini"
    config.write_text(
        "[databases]\n"
        f"* = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {tmp_path / 'users.txt'}\n"
        f"admin_users = {db['USER']}\n"
        "pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 20\n"
        f"logfile = {tmp_path / 'pgbouncer.log'}\n"
        + ("max_prepared_statements = 100\n" if keeps else "")
    )
    command = [executable, str(config)]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process)
        yield Bouncer(port=port, keeps_prepared_statements=keeps)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"PgBouncer stopped: {output}", pytrace=False)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("PgBouncer did not listen within 15 s", pytrace=False)


@contextmanager
def through(bouncer: Bouncer) -> Iterator[None]:
    """Django's connection reopened through PgBouncer, then back to PostgreSQL itself."""
    direct = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = bouncer.port
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = direct


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_check_ins_and_a_page_through_pgbouncer_in_transaction_mode(
    pgbouncer, settings, place, concierge, login
):
    settings.PREPARED_STATEMENTS = pgbouncer.keeps_prepared_statements
    people = PersonFactory.create_batch(4)
    for person in people:
        buy_book(person, place=place, by=concierge)

    with time_machine.travel(at(next_monday(), 10), tick=True), through(pgbouncer):
        visits = [services.visit_check_in(person=p, place=place, by=concierge) for p in people]
        response = login(concierge).get(reverse("presence:place-presence", args=[place.slug]))
        servers = pgbouncer.admin("SHOW SERVERS")
        config = dict(row[:2] for row in pgbouncer.admin("SHOW CONFIG"))

    assert config["pool_mode"] == "transaction"
    assert any(connection.settings_dict["NAME"] in row for row in servers)
    assert response.status_code == 200
    for person in people:
        assert person.get_full_name() in response.content.decode()
    assert {visit.tickets_left for visit in visits} == {9}
    assert Visit.objects.open().filter(place=place).count() == 4
