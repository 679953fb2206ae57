"""Uploaded files are judged by their bytes, not by their name.

A file's extension says what its sender claims; its first bytes say what it is. Each kind
an app accepts names a check of its content (magic numbers through `puremagic`, the inside
of a zip for office documents, plain text for text formats), so an HTML page saved as
`.pdf` is refused. The size limit is one setting, `COMPTOIR_UPLOAD_MAX_BYTES`
(`UPLOAD_MAX_MB` in the environment), which the proxy's body limit must exceed.
"""

from __future__ import annotations

import gzip
import struct
import zipfile
from collections.abc import Callable, Iterable
from typing import IO, Any

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192  # enough for every magic number and to tell text from markup

# Markup a browser would render (and run) if it ever sniffed it; never in a text upload.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")


def _magic(head: bytes) -> set[str]:
    """The extensions puremagic recognises in these bytes. No file name is given, so every
    match is one of bytes (its confidence only grows with the magic number's length)."""
    try:
        found = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return set()
    return {match.extension.lstrip(".").lower() for match in found}


def _is_magic(*extensions: str) -> Callable[[bytes, IO[bytes]], bool]:
    def check(head: bytes, _file: IO[bytes]) -> bool:
        return bool(_magic(head) & set(extensions))

    return check


def _zip_names(file: IO[bytes]) -> list[str] | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None


def _is_zip(head: bytes, file: IO[bytes]) -> bool:
    return head.startswith(b"PK") and _zip_names(file) is not None


def _is_opendocument(kind: str) -> Callable[[bytes, IO[bytes]], bool]:
    # ODF stores its media type uncompressed, first in the archive, at offset 38.
    expected = f"application/vnd.oasis.opendocument.{kind}".encode()

    def check(head: bytes, file: IO[bytes]) -> bool:
        return head[30:38] == b"mimetype" and head[38:].startswith(expected) and _is_zip(head, file)

    return check


def _is_office_open_xml(folder: str) -> Callable[[bytes, IO[bytes]], bool]:
    def check(head: bytes, file: IO[bytes]) -> bool:
        names = (_zip_names(file) if head.startswith(b"PK") else None) or []
        return "[Content_Types].xml" in names and any(n.startswith(f"{folder}/") for n in names)

    return check


def _is_freecad(head: bytes, file: IO[bytes]) -> bool:
    names = (_zip_names(file) if head.startswith(b"PK") else None) or []
    return "Document.xml" in names


def _is_text(head: bytes, _file: IO[bytes]) -> bool:
    """Plain text: no NUL byte and no markup a browser would render."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"\x00" not in head and not start.startswith(MARKUP_STARTS)


def _is_kicad(head: bytes, file: IO[bytes]) -> bool:
    return _is_text(head, file) and head.lstrip().startswith(b"(kicad_pcb")


def _is_stl(head: bytes, file: IO[bytes]) -> bool:
    """ASCII STL starts with `solid`; binary STL is an 80-byte header, a triangle count and
    50 bytes per triangle, so its size is exact."""
    if head.lstrip().lower().startswith(b"solid") and _is_text(head, file):
        return True
    if len(head) < 84:
        return False
    (triangles,) = struct.unpack_from("<I", head, 80)
    file.seek(0, 2)
    return bool(file.tell() == 84 + 50 * triangles)


def _is_svgz(head: bytes, file: IO[bytes]) -> bool:
    if not head.startswith(b"\x1f\x8b"):
        return False
    file.seek(0)
    try:
        with gzip.GzipFile(fileobj=file) as unzipped:
            start = unzipped.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except (OSError, EOFError):
        return False
    return start.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg"))


# Every kind of file an app may accept, by extension: what its content must be.
CHECKS: dict[str, Callable[[bytes, IO[bytes]], bool]] = {
    "pdf": _is_magic("pdf"),
    "png": _is_magic("png"),
    "jpg": _is_magic("jpg", "jpeg", "jfif", "jpe"),
    "jpeg": _is_magic("jpg", "jpeg", "jfif", "jpe"),
    "webp": _is_magic("webp"),
    "zip": _is_zip,
    "odt": _is_opendocument("text"),
    "ods": _is_opendocument("spreadsheet"),
    "odp": _is_opendocument("presentation"),
    "odg": _is_opendocument("graphics"),
    "docx": _is_office_open_xml("word"),
    "xlsx": _is_office_open_xml("xl"),
    "pptx": _is_office_open_xml("ppt"),
    "fcstd": _is_freecad,
    "txt": _is_text,
    "md": _is_text,
    "csv": _is_text,
    "kicad_pcb": _is_kicad,
    "stl": _is_stl,
    "svgz": _is_svgz,
}


def max_bytes() -> int:
    return int(settings.COMPTOIR_UPLOAD_MAX_BYTES)


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _content_matches(file: Any, extension: str) -> bool:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    try:
        return CHECKS[extension](head, file)
    finally:
        file.seek(0)


def check_upload(file: Any, *, extensions: Iterable[str]) -> None:
    """Refuse a file whose extension is not allowed, whose size is over the limit or whose
    content is not what its extension claims (ValidationError with a translated message)."""
    allowed = sorted(extensions)
    extension = _extension(file.name or "")
    if extension not in allowed or extension not in CHECKS:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(extensions)s.")
            % {"extensions": ", ".join(allowed)},
            code="file_extension",
        )
    if file.size > max_bytes():
        raise ValidationError(
            _("The file is too large (at most %(size)s MB).")
            % {"size": max_bytes() // (1024 * 1024)},
            code="file_size",
        )
    if not _content_matches(file, extension):
        raise ValidationError(
            _("The content of this file is not a .%(extension)s file; it was refused.")
            % {"extension": extension},
            code="file_content",
        )
