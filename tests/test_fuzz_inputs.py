"""Issue 13, point 1: no input gets a 500. A standing fuzz, generated from the URL patterns.

On the demo network, it
1. walks every URL pattern of the project (the resolver, not a list): a pattern's path is
   taken from a link found while crawling the pages as a concierge and a member, else its
   converters are filled with plausible values (the main place's slug, 1, "x");
2. GETs each path as anonymous, member and concierge, first plainly (recording which query
   parameters the view reads), then with hostile values on those parameters, on the fields
   of the page's GET forms and on a fixed set of common names: NUL, an encoded lone
   surrogate, dates 0001-01-01 and 9999-12-31, huge and negative numbers, long strings,
   repeated parameters;
3. POSTs every form found on the pages (as the member and the concierge who saw it) with its
   own values and hostile ones in each kind of field;
and asserts that nothing answers 5xx or raises. A new route or form is fuzzed without
touching this file.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils.datastructures import MultiValueDict

from comptoir.community.models import Person
from comptoir.devtools.demo.places import MAIN_PLACE

pytestmark = pytest.mark.django_db

IDENTITIES = {
    "anonymous": None,
    "member": "nina@comptoir.test",
    "concierge": "claire@comptoir.test",
}
COMMON_NAMES = (
    "q page jour day from to start end place skill kind status month year semaine du au "
    "vue role verb actor category person plan statut public service limit offset"
).split()
# Query-string values, already encoded. %ED%A0%80 is a lone surrogate in UTF-8.
HOSTILE_QUERY = (
    "%00",
    "%ED%A0%80" + "x" * 3000,
    "9999-12-31",
    "0001-01-01T10:00:00%2B01:00",
    "1" + "0" * 30,
)
SKIPPED_PREFIXES = ("/static/", "/media/", "/__")
# The admin's hundreds of model pages need a staff login none of the three has: one plain
# GET each, anonymously.
PLAIN_ONLY_PREFIXES = ("/admin/",)
MAX_CRAWLED_PAGES = 500


# --- The URL patterns ----------------------------------------------------------------------


@dataclass
class Route:
    key: str  # the route as ResolverMatch.route spells it
    pattern: URLPattern
    path: str = ""  # a concrete path, once known
    from_crawl: bool = False


def walk_patterns(
    patterns: list[Any], prefix: str = "", root: Any = None
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        route = URLResolver._join_route(prefix, str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from walk_patterns(entry.url_patterns, route)
        else:
            yield route, entry


PLAUSIBLE = {"int": "1", "slug": MAIN_PLACE, "str": "x", "path": "x", "uuid": "0" * 32}


def filled(route: str) -> str:
    """A path for a route nobody linked to: its converters filled with plausible values."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: PLAUSIBLE.get(m.group(1) or "str", "x"), route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # the admin's regex groups
    path = path.replace("^", "").replace("$", "").replace("\\", "").replace("?", "")
    if "uuid" in route:
        path = path.replace("0" * 32, "00000000-0000-0000-0000-000000000000")
    return "/" + path.lstrip("/")


def route_of(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


# --- Reading pages -------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)
    options: dict[str, list[str]] = field(default_factory=dict)


class PageReader(HTMLParser):
    """The links and the forms of a page."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in ("href", "hx-get", "action", "src"):
            if a.get(name, "").startswith("/"):
                self.links.append(a[name])
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or self.page_path
            method = (
                "post" if (a.get("method", "get").lower() == "post" or "hx-post" in a) else "get"
            )
            self._form = Form(action=action, method=method)
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.options.setdefault(a["name"], []).append(a.get("value", "on"))
                return
            self._form.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "textarea":
            self._form.fields.append((a["name"], "textarea", ""))
        elif tag == "select":
            self._select = a["name"]
            self._form.fields.append((a["name"], "select", ""))
        elif tag == "button" and a.get("value"):
            self._form.fields.append((a["name"], "submit", a["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _options(reader: PageReader, html: str) -> None:
    # <option>s: a first non-empty value per <select name>, read with a regex (good enough).
    for form in reader.forms:
        for index, (name, kind, value) in enumerate(form.fields):
            if kind != "select" or value:
                continue
            found = re.search(
                rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S
            )
            values = re.findall(r'<option[^>]*value="([^"]+)"', found.group(1)) if found else []
            form.fields[index] = (name, kind, values[0] if values else "")


def read_page(path: str, html: str) -> PageReader:
    reader = PageReader(path)
    try:
        reader.feed(html)
    except Exception:  # noqa: BLE001 — a page the parser chokes on still yields what it read
        pass
    _options(reader, html)
    return reader


# --- The fuzz ------------------------------------------------------------------------------


@dataclass
class Run:
    clients: dict[str, Client]
    failures: list[str] = field(default_factory=list)
    caught_db_errors: list[str] = field(default_factory=list)
    requests: int = 0

    def send(self, who: str, method: str, path: str, data: Any = None) -> Any:
        self.requests += 1
        client = self.clients[who]
        # The whole fuzz runs in the test's transaction: a savepoint per request keeps a
        # database error some view caught (the API answers DataError with a 422) from
        # poisoning every request after it, as autocommit would in production.
        savepoint = transaction.savepoint()
        try:
            if method == "get":
                response = client.get(path)
            else:
                response = client.post(path, data or {})
        except Exception as error:  # noqa: BLE001 — a crash is what this test looks for
            self.failures.append(f"{who} {method.upper()} {path[:200]} raised {error!r}"[:400])
            transaction.savepoint_rollback(savepoint)
            return None
        try:
            transaction.savepoint_commit(savepoint)
        except DatabaseError:
            transaction.savepoint_rollback(savepoint)
            self.caught_db_errors.append(f"{who} {method.upper()} {path[:200]}")
        if response.status_code >= 500:
            self.failures.append(f"{who} {method.upper()} {path[:200]} -> {response.status_code}")
        return response


class ReadKeys:
    """Records the query parameters a view reads (QueryDict is a MultiValueDict)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.keys: set[str] = set()
        self.on = False
        for method in ("get", "__getitem__", "getlist", "__contains__"):
            self._wrap(monkeypatch, method)

    def _wrap(self, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
        original = getattr(MultiValueDict, method)
        recorder = self

        def recording(self: MultiValueDict, key: Any, *args: Any, **kwargs: Any) -> Any:
            if recorder.on and isinstance(key, str):
                recorder.keys.add(key)
            return original(self, key, *args, **kwargs)

        monkeypatch.setattr(MultiValueDict, method, recording)


def crawl(run: Run, routes: dict[str, Route]) -> dict[str, list[tuple[str, Form]]]:
    """Follow links as the concierge and the member; the forms each of them saw."""
    forms: dict[str, list[tuple[str, Form]]] = {"member": [], "concierge": []}
    for who in ("concierge", "member"):
        queue = ["/"] + [r.path for r in routes.values() if r.path]
        seen: set[str] = set()
        while queue and len(seen) < MAX_CRAWLED_PAGES:
            path = queue.pop(0)
            key = route_of(urlsplit(path).path)
            if key is None or path in seen or path.startswith(SKIPPED_PREFIXES):
                continue
            if key in routes and routes[key].from_crawl and routes[key].path != path:
                continue  # one page per route is enough
            seen.add(path)
            response = run.send(who, "get", path)
            if response is None or "html" not in response.get("Content-Type", ""):
                continue
            reader = read_page(path, response.content.decode(errors="replace"))
            forms[who] += [(path, form) for form in reader.forms]
            for link in reader.links:
                link = link.split("#")[0]
                link_key = route_of(urlsplit(link).path)
                if link_key in routes and not routes[link_key].from_crawl:
                    routes[link_key].path = urlsplit(link).path
                    routes[link_key].from_crawl = True
                    queue.append(routes[link_key].path)
    return forms


def hostile_queries(names: list[str]) -> Iterator[str]:
    for value in HOSTILE_QUERY:
        yield "&".join(f"{quote(name)}={value}" for name in names)
    yield "&".join(f"{quote(name)}=-1&{quote(name)}=1e30" for name in names)  # arrays


def fuzz_gets(run: Run, routes: dict[str, Route], reads: ReadKeys) -> None:
    for route in routes.values():
        plain_only = route.path.startswith(PLAIN_ONLY_PREFIXES)
        for who in ["anonymous"] if plain_only else IDENTITIES:
            reads.keys.clear()
            reads.on = True
            response = run.send(who, "get", route.path)
            reads.on = False
            if response is None or response.status_code in (301, 302, 401, 403, 404, 405):
                continue  # the view did not run for them: its parameters are out of reach
            if plain_only:
                continue
            names = set(reads.keys) | set(COMMON_NAMES)
            if "html" in response.get("Content-Type", ""):
                page = read_page(route.path, response.content.decode(errors="replace"))
                names |= {n for f in page.forms if f.method == "get" for n, _t, _v in f.fields}
            for query in hostile_queries(sorted(names)):
                run.send(who, "get", f"{route.path}?{query}")


PLAIN = {
    "email": "fuzz@example.org",
    "date": "2026-06-15",
    "datetime-local": "2026-06-15T10:00",
    "time": "10:00",
    "number": "1",
    "url": "https://example.org",
    "tel": "0601020304",
}
HOSTILE_FIELDS: list[dict[str, str]] = [
    {"text": "\x00", "number": "1\x00"},
    {
        "date": "9999-12-31",
        "datetime-local": "9999-12-31T23:59",
        "number": "1e30",
        "text": "x" * 5000,
    },
    {
        "date": "0001-01-01",
        "datetime-local": "0001-01-01T00:00",
        "number": "-1",
        "text": "1000000000000",
    },
    {"date": "1899-12-31", "number": "1000000000000", "text": "9999-12-31"},
]
TEXTUAL = {"text", "textarea", "search", "email", "url", "tel", "password", "select", "hidden"}


def form_values(form: Form, hostile: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, kind, value in form.fields:
        if kind in ("file", "submit", "image", "reset") or name == "csrfmiddlewaretoken":
            if kind == "submit":
                data[name] = value
            continue
        family = "text" if kind in TEXTUAL else kind
        if family in hostile and not (kind == "hidden" and value):
            data[name] = hostile[family]
        else:
            data[name] = value or PLAIN.get(kind, "Fuzz")
    for name, values in form.options.items():
        data.setdefault(name, values[:1] if hostile is HOSTILE_FIELDS[0] else values)
    return data


def fuzz_forms(run: Run, forms: dict[str, list[tuple[str, Form]]]) -> int:
    done: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for who, found in forms.items():
        person = Person.objects.get(email=IDENTITIES[who])
        for page, form in found:
            action = urlsplit(form.action).path or page
            key = route_of(action)
            signature = (
                who,
                key or action,
                form.method,
                tuple(sorted(n for n, _t, _v in form.fields)),
            )
            if key is None or signature in done or action.startswith(PLAIN_ONLY_PREFIXES):
                continue
            done.add(signature)
            for hostile in HOSTILE_FIELDS:
                data = form_values(form, hostile)
                if form.method == "get":
                    query = "&".join(
                        f"{quote(k)}={quote(str(v), safe='')}" for k, v in data.items()
                    )
                    run.send(who, "get", f"{action}?{query}")
                else:
                    run.send(who, "post", action, data)
                if "_auth_user_id" not in run.clients[who].session:
                    run.clients[who].force_login(person)  # a logout form was among them
    return len({s[1:] for s in done})


@pytest.fixture
def quiet_request_log() -> Iterator[None]:
    # Thousands of expected 4xx would each log a line (and a traceback for a 403).
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.mark.usefixtures("quiet_request_log")
def test_no_input_gets_a_server_error(monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    call_command("comptoir_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    clients = {}
    for who, email in IDENTITIES.items():
        clients[who] = Client()
        if email:
            clients[who].force_login(Person.objects.get(email=email))
    run = Run(clients)
    routes = {
        key: Route(key, pattern) for key, pattern in walk_patterns(get_resolver().url_patterns)
    }
    for route in routes.values():
        if "<" not in route.key:  # no converter: its path is its route
            route.path = filled(route.key)
    forms = crawl(run, routes)
    for route in routes.values():
        route.path = route.path or filled(route.key)
    routes = {k: r for k, r in routes.items() if not r.path.startswith(SKIPPED_PREFIXES)}
    reads = ReadKeys(monkeypatch)
    fuzz_gets(run, routes, reads)
    form_count = fuzz_forms(run, forms)
    crawled = sum(r.from_crawl for r in routes.values())
    elapsed = time.monotonic() - started
    print(
        f"\nfuzz: {len(routes)} URL patterns ({crawled} reached by links, the others filled), "
        f"{form_count} forms, {run.requests} requests, {elapsed:.0f} s"
    )
    print("\n".join(["caught database errors:", *run.caught_db_errors[:30]]))
    assert len(routes) > 200 and form_count > 30
    assert run.failures == []
