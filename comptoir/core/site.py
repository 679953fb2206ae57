"""The installation's own name on the web, for identifiers that must not collide with
another installation's (calendar UIDs, Atom ids)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from comptoir.core.email import site_url


def site_domain(request: HttpRequest | None = None) -> str:
    """The host of SITE_URL, lower case, without port: "comptoir.example". Without SITE_URL
    (development), the host the request came to, else the Site's domain (one query, then
    kept by Django's sites cache)."""
    if not getattr(settings, "SITE_URL", "") and request is not None:
        return (urlsplit(f"//{request.get_host()}").hostname or "localhost").lower()
    return (urlsplit(site_url()).hostname or "localhost").lower()
