"""Warm an app server before it takes its first request.

A fresh worker pays on its first page for importing the views, compiling the templates,
loading the translation catalogues and opening the database connection: about 2 s on a
small server, felt by whoever comes first after each start or deploy. Each worker therefore
serves itself the home and login pages once, in every language, when it starts.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

WARM_PATHS = ("/", "/lieux/", "/comptes/login/")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _environ(path: str, language: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": _host(),
        "HTTP_ACCEPT_LANGUAGE": language,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if getattr(settings, "SECURE_SSL", False) else "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _host() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    return (hosts[0].lstrip(".") if hosts else "localhost") or "localhost"


def warm_up(application: WsgiApp, paths: Iterable[str] = WARM_PATHS) -> list[int]:
    """Serve `paths` once per language through `application`; returns the statuses. Never
    raises: a page that fails here will fail (and be logged) for a real request too."""
    statuses: list[int] = []

    def start_response(status: str, headers: list[Any], exc_info: Any = None) -> None:
        statuses.append(int(status.split()[0]))

    for language, _name in settings.LANGUAGES:
        for path in paths:
            try:
                body = application(_environ(path, language), start_response)
                for _chunk in body:
                    pass
                close = getattr(body, "close", None)
                if close is not None:
                    close()
            except Exception:  # noqa: BLE001 - warming must never stop a server from starting
                logger.exception("Warm-up of %s failed", path)
    # The connection opened here must not be shared with a process forked afterwards (a
    # connection inside a transaction, as in a test, is left to its owner).
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
    return statuses
