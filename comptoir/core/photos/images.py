"""Pillow judges an uploaded picture and re-encodes it (the stored bytes are ours, never the
sender's): refused with a translated message when it is not a readable JPEG, PNG or WebP,
too large in bytes or in pixels."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from comptoir.core.uploads import check_upload

EXTENSIONS = ("jpg", "jpeg", "png", "webp")
FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; beyond, decoding would take too much memory
IMAGE_SIDE = 1600
THUMBNAIL_SIDE = 480
QUALITY = 85


@dataclass(frozen=True)
class Prepared:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _not_a_picture() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can read: send a JPEG, PNG or WebP photo."),
        code="not_a_picture",
    )


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _flatten(picture: Image.Image) -> Image.Image:
    """RGB, transparent parts on white (JPEG has no transparency)."""
    if picture.mode in {"RGBA", "LA"} or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def prepare(file: Any) -> Prepared:
    """The upload as our JPEG and its thumbnail (ValidationError otherwise)."""
    check_upload(file, extensions=EXTENSIONS)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as opened:
                if opened.format not in FORMATS:
                    raise _not_a_picture()
                if opened.width * opened.height > MAX_PIXELS:
                    raise ValidationError(
                        _("This picture is too large (at most %(megapixels)s megapixels).")
                        % {"megapixels": MAX_PIXELS // 1_000_000},
                        code="too_many_pixels",
                    )
                # Whole and sound, even where a library (WeasyPrint) lets Pillow load
                # truncated files: verify() reads every chunk, then the file is reopened.
                opened.verify()
            file.seek(0)
            with Image.open(file) as opened:
                opened.load()
                picture = _flatten(ImageOps.exif_transpose(opened) or opened)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise _not_a_picture() from error
    finally:
        file.seek(0)
    picture.thumbnail((IMAGE_SIDE, IMAGE_SIDE), Image.Resampling.LANCZOS)
    small = picture.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return Prepared(_jpeg(picture), _jpeg(small), picture.width, picture.height)
