"""Uploads are judged by their bytes: each accepted kind with real content passes, the same
name over other content (an HTML page above all) is refused, and so is a file over the one
size limit."""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from comptoir.core.uploads import CHECKS, check_upload

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _zip(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries.items()):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def _odf(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return _zip({"mimetype": mimetype, "content.xml": b"<x/>"}, stored_first=True)


def _ooxml(folder: str) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", f"{folder}/document.xml": b"<x/>"})


GOOD = {
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20,
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 20,
    "jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + b"\x00" * 20,
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20,
    "zip": _zip({"plan.txt": b"hello"}),
    "odt": _odf("text"),
    "ods": _odf("spreadsheet"),
    "odp": _odf("presentation"),
    "odg": _odf("graphics"),
    "docx": _ooxml("word"),
    "xlsx": _ooxml("xl"),
    "pptx": _ooxml("ppt"),
    "fcstd": _zip({"Document.xml": b"<Document/>", "GuiDocument.xml": b"<x/>"}),
    "txt": "Horaires d'été : 9h–18h\n".encode(),
    "md": b"# Guide\n\n- <b>gras</b> dans le texte\n",
    "csv": b"nom;heures\nAtelier;2,5\n",
    "kicad_pcb": b"(kicad_pcb (version 20221018) (generator pcbnew)\n",
    "stl": b"solid cube\n  facet normal 0 0 1\nendsolid cube\n",
    "svgz": gzip.compress(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_every_kind_has_a_content_check_and_a_good_sample() -> None:
    assert set(GOOD) == set(CHECKS)


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_a_file_whose_bytes_match_its_extension_is_accepted(extension: str) -> None:
    check_upload(upload(f"Fichier.{extension.upper()}", GOOD[extension]), extensions=CHECKS)


def test_a_binary_stl_is_accepted_when_its_size_matches_its_triangles() -> None:
    triangles = 2
    body = b"\x00" * 80 + struct.pack("<I", triangles) + b"\x00" * 50 * triangles

    check_upload(upload("piece.stl", body), extensions=["stl"])
    with pytest.raises(ValidationError):
        check_upload(upload("piece.stl", body + b"\x00"), extensions=["stl"])


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_an_html_page_under_any_accepted_name_is_refused(extension: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(f"page.{extension}", HTML), extensions=CHECKS)

    assert refused.value.code == "file_content"
    assert f".{extension}" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("faux.pdf", GOOD["png"]),
        ("faux.png", GOOD["pdf"]),
        ("faux.odt", GOOD["docx"]),
        ("faux.docx", GOOD["odt"]),
        ("faux.ods", _odf("text")),
        ("faux.xlsx", _ooxml("word")),
        ("faux.zip", b"PK\x03\x04 not really a zip"),
        ("faux.fcstd", GOOD["zip"]),
        ("faux.txt", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("faux.csv", b"\xef\xbb\xbf  <svg onload=alert(1)>"),
        ("faux.md", b"<?xml version='1.0'?><html/>"),
        ("faux.kicad_pcb", b"(module x)"),
        ("faux.stl", b"\x00" * 100),
        ("faux.svgz", gzip.compress(HTML)),
        ("faux.svgz", b"\x1f\x8b broken"),
        ("vide.pdf", b""),
    ],
)
def test_content_that_is_not_what_its_name_claims_is_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content), extensions=CHECKS)

    assert refused.value.code == "file_content"


@pytest.mark.parametrize("name", ["page.html", "image.svg", "script.js", "sans-extension", "x."])
def test_a_kind_that_is_not_accepted_is_refused_by_name(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, b"%PDF-1.4"), extensions=["pdf", "html"])

    assert refused.value.code == "file_extension"
    assert "pdf" in refused.value.messages[0]


def test_the_size_limit_is_the_one_setting(settings: Any) -> None:
    settings.COMPTOIR_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    content = GOOD["pdf"] + b"\x00" * (2 * 1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        check_upload(upload("gros.pdf", content), extensions=["pdf"])

    assert refused.value.code == "file_size"
    assert "2 M" in refused.value.messages[0]  # 2 MB, 2 Mo


def test_the_file_is_rewound_after_the_check() -> None:
    file = upload("statuts.pdf", GOOD["pdf"])

    check_upload(file, extensions=["pdf"])

    assert file.read() == GOOD["pdf"]
