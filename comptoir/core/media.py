"""Uploaded files are read back through the app, never straight from a folder or a bucket.

Files live in Django's default storage (local disk by default, an S3-compatible bucket
through django-storages when configured), so several app servers share them. Every file is
served by `serve` at `/media/<name>`: the app that stored it says who may read it (a
registry filled at start-up, as `places/permissions.py` does), a file no app claims is
never served, and the answer carries headers that keep a browser from running it.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from comptoir.core.http import HtmxRequest
from comptoir.core.types import Viewer

# May this viewer read the file stored under this name? One function per folder.
MediaReader = Callable[[str, Viewer], bool]
_readers: dict[str, MediaReader] = {}

# Shown in the page rather than downloaded: formats a browser displays without running.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/webp", "text/plain"}
PLAIN_TEXT_TYPES = {"text/plain", "text/csv", "text/markdown"}
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"}
# Whatever the file holds, no script, style or form of it runs with our origin. Not on PDFs:
# browsers' PDF viewers refuse to open in a sandboxed document, and run outside our origin.
SANDBOX = "default-src 'none'; img-src 'self'; sandbox"


def register_reader(folder: str, reader: MediaReader) -> None:
    """The app storing files under `folder/` says who may read each of them."""
    _readers[folder] = reader


def media_url(name: str) -> str:
    """The address of a stored file, whatever the storage."""
    return reverse("core:media", kwargs={"name": name})


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return "\x00" not in name and "\\" not in name and all(p not in {"", ".", ".."} for p in parts)


def may_read(name: str, viewer: Viewer) -> bool:
    reader = _readers.get(name.split("/", 1)[0]) if _safe_name(name) else None
    return reader is not None and reader(name, viewer)


@require_GET
def serve(request: HtmxRequest, name: str) -> FileResponse:
    if not may_read(name, request.user):
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type in PLAIN_TEXT_TYPES:
        content_type = "text/plain"  # read as text, never interpreted
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=name.rsplit("/", 1)[-1],
        content_type=content_type if inline else "application/octet-stream",
    )
    for header, value in HEADERS.items():
        response[header] = value
    if content_type == "application/pdf":
        response._csp_exempt = True  # type: ignore[attr-defined]  # nor the site's (django-csp)
    else:
        response["Content-Security-Policy"] = SANDBOX
    return response
