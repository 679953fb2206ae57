"""Photos: an upload is judged by Pillow and re-encoded (resized, a thumbnail, no metadata),
stored through the storage API with its required text alternative, shown on the object's
page and served to whoever may see the object; a bad file is refused with a translated 4xx
and nothing is stored."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from comptoir.core import photos
from comptoir.core.models import AuditEvent, Photo
from comptoir.core.photos import images, services
from comptoir.core.tests.races import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path
    yield tmp_path


def picture(
    size: tuple[int, int] = (2400, 1200), fmt: str = "PNG", mode: str = "RGB", **save: Any
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 80, 20) if mode == "RGB" else (200, 80, 20, 128)).save(
        out, fmt, **save
    )
    return out.getvalue()


def upload(content: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "image/png")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def photos_url(place: Any) -> str:
    return reverse("core:photos", kwargs={"word": "lieu", "pk": place.pk})


# --- Pillow ---------------------------------------------------------------------------------


def test_a_large_picture_is_resized_with_a_thumbnail() -> None:
    prepared = images.prepare(upload(picture()))
    assert (prepared.width, prepared.height) == (1600, 800)
    with (
        Image.open(io.BytesIO(prepared.image)) as big,
        Image.open(io.BytesIO(prepared.thumbnail)) as small,
    ):
        assert (big.format, big.size) == ("JPEG", (1600, 800))
        assert (small.format, small.size) == ("JPEG", (480, 240))


def test_metadata_is_dropped_and_the_orientation_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the camera was held upright
    exif[0x010F] = "Téléphone"  # maker
    prepared = images.prepare(upload(picture((300, 200), "JPEG", exif=exif), "photo.jpg"))
    assert (prepared.width, prepared.height) == (200, 300)
    with Image.open(io.BytesIO(prepared.image)) as stored:
        assert not stored.getexif()


def test_transparency_is_flattened_on_white() -> None:
    prepared = images.prepare(upload(picture((50, 50), "PNG", mode="RGBA")))
    with Image.open(io.BytesIO(prepared.image)) as stored:
        assert stored.mode == "RGB"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "photo.png"),  # not what it claims
        (b"hello", "photo.txt"),  # not an accepted kind
        (picture()[:200], "photo.png"),  # truncated
        (picture(fmt="GIF"), "photo.png"),  # a GIF under a PNG name
    ],
)
def test_what_is_not_a_readable_picture_is_refused(content: bytes, name: str) -> None:
    with pytest.raises(Exception) as refused:
        images.prepare(upload(content, name))
    assert refused.type.__name__ == "ValidationError"


def test_a_truncated_picture_is_refused_even_when_pillow_is_lenient(monkeypatch: Any) -> None:
    from PIL import ImageFile

    # WeasyPrint (the invoices' PDFs) lets Pillow load truncated files when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(Exception) as refused:
        images.prepare(upload(picture()[:200]))
    assert refused.type.__name__ == "ValidationError"


def test_too_many_pixels_are_refused_before_decoding() -> None:
    huge = picture((10_000, 6_000), "PNG", mode="RGB")
    with pytest.raises(Exception, match="mégapixels|megapixels"):
        images.prepare(upload(huge))


# --- The page -------------------------------------------------------------------------------


def test_a_concierge_adds_a_photo_shown_on_the_place_page(
    concierge_client: Client, place: Any, storage: Path
) -> None:
    response = concierge_client.post(
        photos_url(place), {"image": upload(picture()), "alt": "  La  salle  "}
    )
    assert response.status_code == 302
    photo = Photo.objects.get(kind="place", object_id=place.pk)
    assert photo.alt == "La salle" and photo.position == 0
    assert default_storage.exists(photo.image) and default_storage.exists(photo.thumbnail)
    assert AuditEvent.objects.filter(verb="photo.added", place=place).count() == 1

    page = Client().get(place.get_absolute_url()).content.decode()
    assert f'src="{photo.thumbnail_url}" alt="La salle"' in page
    served = Client().get(photo.thumbnail_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"alt": "Une photo"}, "Ce champ est obligatoire"),
        (
            {"image": b"<svg onload=alert(1)>", "alt": "Une photo"},
            "n’est pas celui d’un fichier .png",
        ),
        (
            {"image": b"GIF89a" + b"\x00" * 20, "alt": "Une photo"},
            "n’est pas celui d’un fichier .png",
        ),
        ({"image": "photo", "alt": ""}, "Ce champ est obligatoire"),
        ({"image": "photo", "alt": "   "}, "Ce champ est obligatoire"),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(
    concierge_client: Client, place: Any, storage: Path, data: dict[str, Any], message: str
) -> None:
    if "image" in data:
        content = picture((40, 40)) if data["image"] == "photo" else data["image"]
        data = data | {"image": upload(content)}
    response = concierge_client.post(photos_url(place), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Photo.objects.exists() and not stored_files(storage)


def test_a_file_over_the_limit_is_refused(
    concierge_client: Client, place: Any, settings: Any, storage: Path
) -> None:
    settings.COMPTOIR_UPLOAD_MAX_BYTES = 1000
    response = concierge_client.post(
        photos_url(place), {"image": upload(picture()), "alt": "Trop lourde"}
    )
    assert response.status_code == 400 and "trop volumineux" in response.content.decode()
    assert not Photo.objects.exists() and not stored_files(storage)


def test_a_full_gallery_refuses_one_more(
    concierge_client: Client, place: Any, monkeypatch: Any, storage: Path
) -> None:
    monkeypatch.setattr(photos, "MAX_PER_OBJECT", 1)
    monkeypatch.setattr(services, "MAX_PER_OBJECT", 1)
    first = concierge_client.post(photos_url(place), {"image": upload(picture()), "alt": "Une"})
    second = concierge_client.post(photos_url(place), {"image": upload(picture()), "alt": "Deux"})
    assert (first.status_code, second.status_code) == (302, 409)
    assert Photo.objects.count() == 1 and len(stored_files(storage)) == 2


@pytest.mark.parametrize("who", ["anonymous", "nomad"])
def test_only_the_places_editors_add_photos(
    request: pytest.FixtureRequest, login: Any, place: Any, who: str
) -> None:
    client = login(None if who == "anonymous" else request.getfixturevalue(who))
    response = client.post(photos_url(place), {"image": upload(picture()), "alt": "Non"})
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert not Photo.objects.exists()


def test_unknown_kind_and_object_are_not_found(concierge_client: Client, place: Any) -> None:
    assert concierge_client.get("/photos/inconnu/1/").status_code == 404
    assert concierge_client.get(f"/photos/lieu/{place.pk + 1000}/").status_code == 404


def test_removing_a_photo_deletes_its_files_after_the_commit(
    concierge_client: Client,
    place: Any,
    storage: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    concierge_client.post(photos_url(place), {"image": upload(picture()), "alt": "Une"})
    photo = Photo.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = concierge_client.post(reverse("core:photo-remove", args=[photo.pk]))
    assert response.status_code == 302
    assert not Photo.objects.exists() and not stored_files(storage)
    assert AuditEvent.objects.filter(verb="photo.removed").count() == 1


def test_a_member_may_not_remove_a_photo(
    concierge_client: Client, login: Any, nomad: Any, place: Any
) -> None:
    concierge_client.post(photos_url(place), {"image": upload(picture()), "alt": "Une"})
    photo = Photo.objects.get()
    assert login(nomad).post(reverse("core:photo-remove", args=[photo.pk])).status_code == 403
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_a_hidden_persons_photo_is_served_only_to_who_sees_them(
    login: Any, nomad: Any, storage: Path
) -> None:
    nomad.directory_visibility = "hidden"
    nomad.save()
    me = login(nomad)
    url = reverse("core:photos", kwargs={"word": "personne", "pk": nomad.pk})
    assert me.post(url, {"image": upload(picture()), "alt": "Mon portrait"}).status_code == 302
    photo = Photo.objects.get(kind="person")
    assert me.get(photo.thumbnail_url).status_code == 200
    assert Client().get(photo.thumbnail_url).status_code == 404
    profile = me.get(reverse("community:person-detail", args=[nomad.pk])).content.decode()
    assert 'alt="Mon portrait"' in profile


def test_an_objects_photos_go_with_it(
    concierge_client: Client, place: Any, storage: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from comptoir.places.models import Space

    space = Space.objects.create(
        place=place, name="Atelier", slug="atelier", kind="workshop", capacity=4
    )
    url = reverse("core:photos", kwargs={"word": "espace", "pk": space.pk})
    assert (
        concierge_client.post(url, {"image": upload(picture()), "alt": "L’atelier"}).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        space.delete()
    assert not Photo.objects.exists() and not stored_files(storage)


# --- Races ----------------------------------------------------------------------------------


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_uploads_racing_for_the_last_place_cannot_both_win(
    place: Any, concierge: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "MAX_PER_OBJECT", 1)
    target = photos.target("place")
    assert target is not None
    prepared = images.prepare(upload(picture((64, 64))))

    def add() -> str:
        try:
            services.photo_add(target=target, obj=place, prepared=prepared, alt="x", by=concierge)
        except services.TooManyPhotos:
            return "refused"
        return "added"

    assert sorted(at_once([add, add, add])) == ["added", "refused", "refused"]
    assert Photo.objects.count() == 1
