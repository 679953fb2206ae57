"""The first impression (issue 14): how long the first page takes after the production
server starts, and how long a login takes.

A fresh granian server is started as in production; as soon as its port accepts a
connection the home page is asked for, and the time of that first answer is what the
first visitor after a start or a deploy waits. Then a person with a password logs in through
the real form (GET for the CSRF token, POST with it) several times; the POST's time is
mostly the password hasher's cost (core/hashers.py).
"""

from __future__ import annotations

import http.client
import re
import secrets
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.db import connection

from comptoir.community.models import Person
from comptoir.core.hashers import Argon2idHasher
from comptoir.devtools.bench.measure import fmt_ms, percentile, production_server
from comptoir.devtools.generate.base import DOMAIN

FIRST_REQUEST_TARGET_MS = 1000.0
LOGIN_TARGET_MS = 300.0
LOGIN_PATH = "/comptes/login/"
PASSWORD = "bench"  # noqa: S105 (a throwaway person of the bench)
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class FirstImpression:
    start_s: float | None = None  # from the process start until its port accepts
    first_request_ms: float | None = None
    first_status: int | None = None
    logins_ms: list[float] = field(default_factory=list)
    login_statuses: list[int] = field(default_factory=list)
    error: str = ""

    def login_ms(self, pct: float) -> float | None:
        return percentile(self.logins_ms, pct) if self.logins_ms else None

    def verdicts(self) -> tuple[str, str]:
        if self.error or self.first_request_ms is None:
            return "not measured", "not measured"
        first = (
            "ok"
            if self.first_status == 200 and self.first_request_ms <= FIRST_REQUEST_TARGET_MS
            else "over"
        )
        median = self.login_ms(50)
        if median is None or any(status != 302 for status in self.login_statuses):
            return first, "FAIL (login refused)"
        return first, "ok" if median <= LOGIN_TARGET_MS else "over"


def measure(*, logins: int = 10, log: Path) -> FirstImpression:
    result = FirstImpression()
    if connection.vendor != "postgresql":
        result.error = "needs PostgreSQL"
    elif connection.in_atomic_block:
        result.error = "inside a transaction, the server would not see the data"
    if result.error:
        return result
    person = _bench_person()
    try:
        started = time.monotonic()
        with production_server(workers=1, log=log, probe=False) as port:
            result.start_s = time.monotonic() - started
            result.first_status, result.first_request_ms = _timed_get(port, "/")
            for _ in range(logins):
                status, elapsed = _login(port, person.email, PASSWORD)
                result.login_statuses.append(status)
                result.logins_ms.append(elapsed)
    except RuntimeError as exc:
        result.error = str(exc)[:200]
    finally:
        person.delete()
    return result


def lines(result: FirstImpression) -> list[str]:
    first, login = result.verdicts()
    if result.error:
        return ["## First impression", "", f"Not measured: {result.error}.", ""]
    return [
        "## First impression",
        "",
        "A fresh production server (granian, one worker, `comptoir.wsgi`, which warms itself "
        "up before taking requests: `core/warmup.py`) is started; as soon as its port accepts "
        "a connection, the home page is asked for. Then a person logs in through the form "
        f"{len(result.logins_ms)} times (Argon2id, `core/hashers.py`).",
        "",
        "| Measure | Value | Target | Verdict |",
        "|---|---:|---:|---|",
        f"| Server start until its port accepts | {result.start_s or 0:.1f} s | | |",
        f"| First request after start (`/`) | {fmt_ms(result.first_request_ms)} ms "
        f"| ≤ {FIRST_REQUEST_TARGET_MS:.0f} ms | {first} |",
        f"| Login POST, median | {fmt_ms(result.login_ms(50))} ms "
        f"| ≤ {LOGIN_TARGET_MS:.0f} ms | {login} |",
        f"| Login POST, p95 | {fmt_ms(result.login_ms(95))} ms | | |",
        "",
    ]


def _bench_person() -> Person:
    """A person with a password, hashed as the server hashes (whatever this process was
    told: the test suite hashes with MD5), and a new address each time, so that no login
    limit counted by an earlier run applies."""
    email = f"bench-login-{secrets.token_hex(4)}@{DOMAIN}"
    person = Person(email=email, first_name="Bench", last_name="Login")
    hasher = Argon2idHasher()
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save()
    # allauth asks for a verified address before letting anyone in.
    EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _timed_get(port: int, path: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        started = time.perf_counter()
        conn.request("GET", path, headers={"Accept-Language": "fr"})
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def _login(port: int, email: str, password: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", LOGIN_PATH)
        page = conn.getresponse()
        html = page.read().decode()
        cookies = SimpleCookie()
        for header in page.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        match = _TOKEN.search(html)
        if match is None or "csrftoken" not in cookies:
            raise RuntimeError("the login page has no CSRF token")
        body = urlencode(
            {"csrfmiddlewaretoken": match.group(1), "login": email, "password": password}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{key}={morsel.value}" for key, morsel in cookies.items()),
            "Referer": f"http://127.0.0.1:{port}{LOGIN_PATH}",
        }
        started = time.perf_counter()
        conn.request("POST", LOGIN_PATH, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()
