"""/media/ serves a stored file only when the app that stored it says the viewer may read it,
with headers that keep a browser from running it; the storage comes from the environment
(local disk, or an S3-compatible bucket through django-storages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from comptoir.core import media


@pytest.fixture
def storage(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    yield


@pytest.fixture
def readers() -> Iterator[dict[str, Any]]:
    """A test folder whose reader answers from a set of readable names."""
    readable: set[str] = set()
    media.register_reader("essai", lambda name, viewer: name in readable)
    yield {"readable": readable}
    media._readers.pop("essai")


def stored(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


def test_a_readable_pdf_is_shown_inline(storage: None, readers: dict[str, Any]) -> None:
    name = stored("essai/statuts.pdf", b"%PDF-1.4 statuts")
    readers["readable"].add(name)

    response = Client().get(media.media_url(name))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 statuts"  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "Content-Security-Policy" not in response  # PDF viewers refuse a sandbox
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")


@pytest.mark.parametrize("name", ["essai/plan.svgz", "essai/carte.zip", "essai/page.html"])
def test_anything_a_browser_could_run_is_a_download(
    storage: None, readers: dict[str, Any], name: str
) -> None:
    name = stored(name, b"<svg onload=alert(1)>")
    readers["readable"].add(name)

    response = Client().get(media.media_url(name))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].endswith("; sandbox")


def test_csv_and_markdown_are_plain_text(storage: None, readers: dict[str, Any]) -> None:
    name = stored("essai/heures.csv", b"a;b\n")
    readers["readable"].add(name)

    response = Client().get(media.media_url(name))

    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].endswith("; sandbox")


def test_a_file_its_app_refuses_is_not_found(storage: None, readers: dict[str, Any]) -> None:
    name = stored("essai/prive.pdf", b"%PDF-1.4")

    assert Client().get(media.media_url(name)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/inconnu/fichier.pdf",  # a folder no app claims
        "/media/essai/manquant.pdf",  # claimed, readable, but not stored
        "/media/essai/../secret_key",
        "/media/essai//x.pdf",
        "/media/essai\\x.pdf",
    ],
)
def test_unknown_missing_or_crafted_names_are_not_found(
    storage: None, readers: dict[str, Any], path: str
) -> None:
    readers["readable"].update({"essai/manquant.pdf", "essai/../secret_key", "essai//x.pdf"})

    assert Client().get(path).status_code == 404


def test_a_nul_in_the_name_is_refused_before_the_storage(storage: None) -> None:
    # core.inputs refuses a NUL anywhere in a path: a 400, and the storage is never asked.
    assert Client().get("/media/essai/%00.pdf").status_code == 400


def test_only_get_is_served(storage: None, readers: dict[str, Any]) -> None:
    name = stored("essai/a.pdf", b"%PDF-1.4")
    readers["readable"].add(name)

    assert Client().post(media.media_url(name)).status_code == 405


# --- Storage from the environment ----------------------------------------------------------


def test_local_disk_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from comptoir import settings as project_settings

    monkeypatch.delenv("MEDIA_S3_BUCKET", raising=False)

    assert project_settings._media_storage() == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_an_s3_bucket_is_configured_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from storages.backends.s3 import S3Storage

    from comptoir import settings as project_settings

    monkeypatch.setenv("MEDIA_S3_BUCKET", "comptoir-media")
    monkeypatch.setenv("MEDIA_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("MEDIA_S3_REGION", "fr-par")
    monkeypatch.setenv("MEDIA_S3_ACCESS_KEY_ID", "key-id")
    monkeypatch.setenv("MEDIA_S3_SECRET_ACCESS_KEY", "secret")

    config = project_settings._media_storage()
    storage = S3Storage(**config["OPTIONS"])  # type: ignore[arg-type]

    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (storage.bucket_name, storage.endpoint_url) == (
        "comptoir-media",
        "https://s3.example.org",
    )
    assert (storage.default_acl, storage.file_overwrite) == ("private", False)
