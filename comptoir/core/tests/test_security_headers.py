"""Security headers: a Content-Security-Policy without inline scripts or styles that every
template keeps to, a Permissions-Policy, HSTS as configured; and `check --deploy` clean in
the production profile (DEBUG off, SECURE_SSL on, a real SECRET_KEY)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from comptoir.core import headers

APP = Path(django_settings.BASE_DIR) / "comptoir"
TEMPLATES = sorted(APP.rglob("templates/**/*.html"))


def _directives(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_carry_a_policy_without_inline_scripts_or_styles(client: Client) -> None:
    directives = _directives(client.get("/lieux/"))

    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


@pytest.mark.django_db
def test_the_api_and_its_docs_carry_it_too(client: Client) -> None:
    assert "script-src 'self'" in client.get("/api/v1/docs")["Content-Security-Policy"]
    assert "Content-Security-Policy" in client.get("/api/v1/places")


@pytest.mark.django_db
def test_the_policy_is_built_once_and_follows_the_setting(client: Client, settings: Any) -> None:
    first = client.get("/sante/")["Content-Security-Policy"]
    assert headers.policy() is headers.policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    assert client.get("/sante/")["Content-Security-Policy"] == "default-src 'none'"
    assert first != "default-src 'none'"


@pytest.mark.django_db
def test_pictures_may_come_from_the_configured_media_origin() -> None:
    env = {**os.environ, "CSP_IMG_SRC": "https://media.example.org"}
    code = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "comptoir.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    ).stdout
    # The map's tile server (MAP_TILES_URL, OpenStreetMap's by default) comes before them.
    tiles = "'https://tile.openstreetmap.org'"
    assert f"'img-src': [\"'self'\", 'data:', {tiles}, 'https://media.example.org']" in out


@pytest.mark.django_db
def test_browser_features_nobody_uses_are_refused(client: Client) -> None:
    policy = client.get("/lieux/")["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


@pytest.mark.django_db
def test_static_files_skip_the_per_request_headers(client: Client) -> None:
    # whitenoise answers them before these middlewares run (nothing per static file).
    css = client.get("/static/comptoir/comptoir.css")
    if css.status_code == 200:
        assert "Content-Security-Policy" not in css


@pytest.mark.django_db
def test_hsts_covers_subdomains_and_preload_is_opt_in(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    response = Client().get("/sante/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    settings.SECURE_HSTS_PRELOAD = True
    response = Client().get("/sante/", secure=True)
    assert response["Strict-Transport-Security"].endswith("; preload")


# --- the templates keep to the policy --------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>")
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
EVAL_ATTRIBUTES = re.compile(r"\shx-on[:-]|\shx-vars=|js:", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(APP)))
def test_no_template_has_inline_scripts_handlers_or_styles(template: Path) -> None:
    html = template.read_text(encoding="utf-8")

    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to a static .js file"
    assert not HANDLER.search(html), "on…= handler: listen from a static .js file"
    assert not STYLE_ATTRIBUTE.search(html), 'style="": use a class of a static .css file'
    assert "<style" not in html, "<style> block: move it to a static .css file"
    assert not EVAL_ATTRIBUTES.search(html), "htmx eval (hx-on, hx-vars, js:): not allowed"


def test_the_templates_were_found() -> None:
    assert len(TEMPLATES) > 100


# --- check --deploy --------------------------------------------------------------------------


def _deploy_check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' conftest allows async-unsafe calls in this process: not in
        # the production profile checked here.
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "SECURE_SSL",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    production = {
        "DEBUG": "0",
        "SECURE_SSL": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "comptoir.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://comptoir.example.org",
        "COMPTOIR_VAR_DIR": str(tmp_path),
    }
    env.update({**production, **overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_the_production_profile(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_catch_a_weak_profile(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, SECURE_SSL="false", SECURE_HSTS_INCLUDE_SUBDOMAINS="false")

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout
