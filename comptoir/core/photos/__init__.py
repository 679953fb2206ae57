"""Photos of what the domain apps own: places, spaces, equipment, projects, people.

`core` knows no domain app, so each app registers its targets at start-up (in its
`ready()`, as `places/permissions.py` does): a `Target` says how to find the object from its
id, who may see its photos and who may add or remove them, where its page is and which place
it belongs to (for the audit log). One `core.Photo` model then holds every picture, one page
(`/photos/<word>/<id>/`) adds and removes them, and `/media/` serves them to whoever may
see the object.

Uploads are judged and re-encoded by `images.prepare` (Pillow): a JPEG, PNG or WebP file
under the upload limit, at most `images.MAX_PIXELS` pixels, turned into a JPEG of at most
1,600 px and a thumbnail of at most 480 px, without the upload's metadata (a phone's GPS
position). A text alternative is required.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete
from django.utils.functional import Promise

from comptoir.core import media
from comptoir.core.types import Viewer

MAX_PER_OBJECT = 12
FOLDER = "photos"


@dataclass(frozen=True)
class Target:
    """What can have photos, declared by the app that owns it."""

    kind: str  # stored in Photo.kind: "place", "space"…
    word: str  # in the page's address: "lieu", "espace"…
    label: str | Promise  # "place", for the page's title
    model: type[Model]
    can_view: Callable[[Viewer, Any], bool]
    can_edit: Callable[[Viewer, Any], bool]
    page_url: Callable[[Any], str]
    place_of: Callable[[Any], Model | None] = lambda obj: None
    name_of: Callable[[Any], str] = str
    queryset: Callable[[], Any] | None = None  # default: model.objects.all()

    def get(self, pk: int) -> Any | None:
        rows = self.queryset() if self.queryset else self.model._default_manager.all()
        return rows.filter(pk=pk).first()


_targets: dict[str, Target] = {}


def register(target: Target) -> None:
    """Declare a kind of object that has photos; its photos go when it goes."""
    _targets[target.kind] = target
    post_delete.connect(
        _forget_photos, sender=target.model, dispatch_uid=f"photos-{target.kind}", weak=False
    )


def target(kind: str) -> Target | None:
    return _targets.get(kind)


def target_by_word(word: str) -> Target | None:
    return next((t for t in _targets.values() if t.word == word), None)


def targets() -> list[Target]:
    return list(_targets.values())


def _forget_photos(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    from comptoir.core.photos import services

    for one in _targets.values():
        if one.model is sender:
            services.photos_forget(kind=one.kind, object_id=int(instance.pk))


def _may_read(name: str, viewer: Viewer) -> bool:
    """The reader of `/media/photos/…`: the object's own rule, for a file a photo holds."""
    from django.db.models import Q

    from comptoir.core.models import Photo

    photo = Photo.objects.filter(Q(image=name) | Q(thumbnail=name)).first()
    found = target(photo.kind) if photo else None
    obj = found.get(photo.object_id) if found and photo else None
    return found is not None and obj is not None and found.can_view(viewer, obj)


media.register_reader(FOLDER, _may_read)
