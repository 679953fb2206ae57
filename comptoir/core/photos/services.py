"""Adding and removing photos: the row, its two files and the audit line together, or none
of them (files written before a failed insert are deleted; files of a removed row are
deleted once the removal is committed)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import Verb
from comptoir.core.exceptions import Conflict
from comptoir.core.models import Photo
from comptoir.core.photos import FOLDER, MAX_PER_OBJECT, Target
from comptoir.core.photos.images import Prepared
from comptoir.core.services import audit_record


class TooManyPhotos(Conflict):
    code = "too_many_photos"
    default_message = _("This page already has as many photos as it may hold (%(max)s).")

    def __init__(self) -> None:
        super().__init__(str(self.default_message) % {"max": MAX_PER_OBJECT})


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def photo_add(*, target: Target, obj: Any, prepared: Prepared, alt: str, by: Any) -> Photo:
    """Store a prepared picture of `obj` with its text alternative, last in its gallery."""
    base = f"{FOLDER}/{target.kind}/{obj.pk}/{uuid.uuid4().hex}"
    saved: list[str] = []
    try:
        with transaction.atomic():
            # One gallery at a time: two uploads racing for the last place cannot both win.
            target.model._default_manager.select_for_update().filter(pk=obj.pk).first()
            photos = Photo.objects.filter(kind=target.kind, object_id=obj.pk)
            last = photos.aggregate(last=Max("position"))["last"]
            if photos.count() >= MAX_PER_OBJECT:
                raise TooManyPhotos()
            saved.append(default_storage.save(f"{base}.jpg", ContentFile(prepared.image)))
            saved.append(
                default_storage.save(f"{base}-vignette.jpg", ContentFile(prepared.thumbnail))
            )
            photo = Photo.objects.create(
                kind=target.kind,
                object_id=obj.pk,
                image=saved[0],
                thumbnail=saved[1],
                width=prepared.width,
                height=prepared.height,
                alt=alt,
                position=0 if last is None else last + 1,
                uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            )
            audit_record(
                actor=by,
                verb=Verb.PHOTO_ADDED,
                target=photo,
                place=target.place_of(obj),
                data={"kind": target.kind, "object_id": obj.pk},
            )
    except BaseException:
        _delete_files(saved)
        raise
    return photo


@transaction.atomic
def photo_remove(*, target: Target, photo: Photo, obj: Any, by: Any) -> None:
    names = [photo.image, photo.thumbnail]
    audit_record(
        actor=by,
        verb=Verb.PHOTO_REMOVED,
        target=photo,
        place=target.place_of(obj),
        data={"kind": target.kind, "object_id": obj.pk, "alt": photo.alt},
    )
    photo.delete()
    transaction.on_commit(lambda: _delete_files(names))


def photos_forget(*, kind: str, object_id: int) -> None:
    """The object is gone: its photos and their files too (after the commit)."""
    photos = Photo.objects.filter(kind=kind, object_id=object_id)
    names = [name for pair in photos.values_list("image", "thumbnail") for name in pair]
    photos.delete()
    if names:
        transaction.on_commit(lambda: _delete_files(names))
