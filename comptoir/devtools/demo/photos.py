"""The demo's pictures, drawn by Pillow when the demo loads (no file from the internet): a
gradient in each place's colours with its initials, for the places, the main place's
spaces, its projects and Claire, the concierge. Loaded through the photos service, as an
upload would be."""

from __future__ import annotations

import colorsys
import hashlib
import io
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageDraw, ImageFont

from comptoir.community.models import Person
from comptoir.core.models import Photo
from comptoir.core.photos import images, services, target
from comptoir.places.models import Place, Space
from comptoir.projects.models import Project

WIDTH, HEIGHT = 960, 600
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    letters = "".join(word[0] for word in words if word[0].isupper()) or name[:1]
    return letters[:3].upper()


def _colours(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    hue = int(hashlib.sha256(seed.encode()).hexdigest()[:4], 16) / 0xFFFF

    def rgb(h: float, lightness: float) -> tuple[int, int, int]:
        r, g, b = colorsys.hls_to_rgb(h % 1.0, lightness, 0.55)
        return round(r * 255), round(g * 255), round(b * 255)

    return rgb(hue, 0.32), rgb(hue + 0.12, 0.55)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def picture(name: str, subtitle: str = "") -> bytes:
    """A PNG: a diagonal gradient in colours drawn from the name, its initials, its name."""
    start, end = _colours(name)
    down = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    across = down.rotate(90, expand=True).resize((WIDTH, HEIGHT))
    gradient = ImageChops.add(down.point(lambda v: v // 2), across.point(lambda v: v // 2))
    canvas = Image.composite(Image.new("RGB", (WIDTH, HEIGHT), end),
                             Image.new("RGB", (WIDTH, HEIGHT), start), gradient)  # fmt: skip
    draw = ImageDraw.Draw(canvas)
    longest = max(len(name), len(subtitle), 1)
    big, small = _font(220), _font(min(44, int(WIDTH * 1.6 / longest)))
    if not isinstance(small, ImageFont.FreeTypeFont) or small.path != FONT:
        # Pillow's own font has no accents: write the names without them.
        name, subtitle = _plain(name), _plain(subtitle)
    draw.text((WIDTH / 2, HEIGHT / 2 - 40), initials(name), font=big, fill="white", anchor="mm")
    draw.text((WIDTH / 2, HEIGHT - 120), name, font=small, fill="white", anchor="mm")
    if subtitle:
        draw.text((WIDTH / 2, HEIGHT - 60), subtitle, font=small, fill="white", anchor="mm")
    out = io.BytesIO()
    canvas.save(out, "PNG")
    return out.getvalue()


def _add(kind: str, obj: object, name: str, alt: str, subtitle: str = "") -> None:
    found = target(kind)
    pk = getattr(obj, "pk", None)
    if found is None or pk is None or Photo.objects.filter(kind=kind, object_id=pk).exists():
        return
    upload = SimpleUploadedFile(f"{kind}-{pk}.png", picture(name, subtitle), "image/png")
    services.photo_add(target=found, obj=obj, prepared=images.prepare(upload), alt=alt, by=None)


def load_photos(main: Place, claire: Person) -> None:
    for place in Place.objects.filter(network=main.network).order_by("pk"):
        _add("place", place, place.name,
             f"Visuel aux couleurs de {place.name}, avec ses initiales", place.commune)  # fmt: skip
    for space in Space.objects.filter(place=main).order_by("pk"):
        _add("space", space, space.name,
             f"Visuel de l’espace {space.name} de {main.name}", main.name)  # fmt: skip
    for project in Project.objects.filter(places=main).order_by("pk")[:4]:
        _add("project", project, project.title,
             f"Visuel du projet {project.title}")  # fmt: skip
    _add("person", claire, claire.display_name,
         f"Portrait dessiné de {claire.display_name} : ses initiales sur un dégradé")  # fmt: skip
