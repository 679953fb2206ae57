"""Writes of the documentation: saving a section (a new revision, or a conflict when someone
saved it meanwhile), the shared-resources library and press list of a place, and the page
holding a meeting's minutes (kept when governance publishes them)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from comptoir.community import permissions
from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.core.uploads import check_upload
from comptoir.places.models import Place
from comptoir.publishing import selectors
from comptoir.publishing.audit import Verb
from comptoir.publishing.diff import diff_lines
from comptoir.publishing.exceptions import SectionConflict
from comptoir.publishing.models import (
    Page,
    PageRevision,
    PressItem,
    Revision,
    Section,
    SectionKey,
    SharedResource,
)

if TYPE_CHECKING:
    from comptoir.governance.models import Meeting

BODY_MAX_LENGTH = 50_000
SUMMARY_MAX_LENGTH = 200
# Documents people share, each checked by its content; no HTML or SVG page, which a browser
# would run (svgz is served as a download, under a sandboxing policy).
RESOURCE_EXTENSIONS = [
    "pdf", "odt", "ods", "odp", "odg", "docx", "xlsx", "pptx", "txt", "md", "csv",
    "png", "jpg", "jpeg", "webp", "zip", "stl", "svgz", "kicad_pcb", "fcstd",
]  # fmt: skip


def _check_editor(by: Actor, place: Place) -> None:
    if not permissions.can_edit_documentation(by, place.pk):
        raise NotAllowed()


def _check_section_input(*, key: str, body: str, base_revision: int, summary: str) -> None:
    if key not in SectionKey.values:
        raise InvalidInput(_("This section does not exist."), field="key")
    if len(body) > BODY_MAX_LENGTH:
        raise InvalidInput(
            _("The text is too long (at most %(max)s characters).") % {"max": BODY_MAX_LENGTH},
            field="body",
        )
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise InvalidInput(
            _("The summary is too long (at most %(max)s characters).")
            % {"max": SUMMARY_MAX_LENGTH},
            field="summary",
        )
    if base_revision < 0:
        raise InvalidInput(field="base_revision")


def _full_clean(instance: models.Model) -> None:
    """Model validation as a DomainError (a field error), so that callers show one kind."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(messages[0], field=None if field == "__all__" else field) from error


def _locked_section(*, place: Place, key: str) -> Section:
    """The section's row, created empty (revision 0) if needed, locked until commit.

    ON CONFLICT DO NOTHING makes two first saves of a section wait for each other instead
    of one failing on the unique constraint; the lock then orders them."""
    Section.objects.bulk_create([Section(place=place, key=key)], ignore_conflicts=True)
    return (
        Section.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(place=place, key=key)
    )


@transaction.atomic
def section_save(
    *, place: Place, key: str, body: str, base_revision: int, by: Actor, summary: str = ""
) -> Section:
    """Save a new version of a documentation section, based on revision `base_revision`
    (the one the editor started from: 0 for a section never saved). Raises SectionConflict
    when someone saved it since; an unchanged text writes nothing."""
    _check_editor(by, place)
    body = (body or "").replace("\r\n", "\n")
    summary = (summary or "").strip()
    _check_section_input(key=key, body=body, base_revision=base_revision, summary=summary)
    section = _locked_section(place=place, key=key)
    if base_revision != section.revision:
        author = section.updated_by
        raise SectionConflict(
            current_body=section.body,
            current_revision=section.revision,
            current_author=author.display_name if author else "",
            diff=diff_lines(section.body, body),
        )
    if body == section.body and section.revision:
        return section
    section.revision += 1
    section.body = body
    section.updated_by = by
    section.save(update_fields=["revision", "body", "updated_by", "updated_at"])
    Revision.objects.create(
        section=section, number=section.revision, body=body, summary=summary, author=by
    )
    audit_record(
        actor=by,
        verb=Verb.SECTION_SAVED,
        target=section,
        place=place,
        data={"key": key, "revision": section.revision},
    )
    return section


def _check_resource_file(file: UploadedFile) -> None:
    try:
        check_upload(file, extensions=RESOURCE_EXTENSIONS)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="file") from error


@transaction.atomic
def shared_resource_add(
    *,
    place: Place,
    title: str,
    by: Actor,
    author: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    licence: str = "",
    theme: str = "",
) -> SharedResource:
    """Add a resource (a link or a file) to the place's shared-resources library."""
    _check_editor(by, place)
    if not url and not file:
        raise InvalidInput(_("Give a link or a file."), field="url")
    if file is not None:
        _check_resource_file(file)
    resource = SharedResource(
        place=place,
        title=title.strip(),
        author=author.strip(),
        url=url,
        licence=licence,
        theme=theme.strip(),
    )
    if file is not None:
        resource.file = file  # type: ignore[assignment]
    _full_clean(resource)
    resource.save()
    audit_record(actor=by, verb=Verb.RESOURCE_ADDED, target=resource, place=place)
    return resource


@transaction.atomic
def shared_resource_delete(*, resource: SharedResource, by: Actor) -> None:
    """Remove a resource from the library (its file goes with it)."""
    _check_editor(by, resource.place)
    audit_record(actor=by, verb=Verb.RESOURCE_REMOVED, target=resource, place=resource.place)
    if resource.file:
        name, storage = resource.file.name or "", resource.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    resource.delete()


@transaction.atomic
def press_item_add(
    *, place: Place, title: str, outlet: str, published_on: dt.date, by: Actor, url: str = ""
) -> PressItem:
    """Add an article, a broadcast or a report to the place's press list."""
    _check_editor(by, place)
    item = PressItem(
        place=place, title=title.strip(), outlet=outlet.strip(), url=url, published_on=published_on
    )
    _full_clean(item)
    item.save()
    audit_record(actor=by, verb=Verb.PRESS_ADDED, target=item, place=place)
    return item


@transaction.atomic
def press_item_delete(*, item: PressItem, by: Actor) -> None:
    _check_editor(by, item.place)
    audit_record(actor=by, verb=Verb.PRESS_REMOVED, target=item, place=item.place)
    item.delete()


@transaction.atomic
def minutes_page_keep(*, meeting: Meeting, by: Actor | None) -> Page:
    """The documentation page of the meeting's minutes, in its place's documentation (or
    its network's): created when they are first published, then a new revision each time
    they are corrected; the same text again writes nothing. Governance has checked who
    publishes (the body's managers) before announcing it."""
    body = meeting.body
    Page.objects.bulk_create(
        [Page(meeting=meeting, place_id=body.place_id, network_id=body.network_id)],
        ignore_conflicts=True,
    )  # two first publications wait for each other on the unique meeting, then the lock
    page = Page.objects.select_for_update(of=("self",)).get(meeting=meeting)
    text, title = meeting.minutes, meeting.title[:200]
    if page.revision and page.body == text and page.title == title:
        return page
    first = page.revision == 0
    page.revision += 1
    page.title, page.body, page.updated_by = title, text, by
    page.save(update_fields=["revision", "title", "body", "updated_by", "updated_at"])
    PageRevision.objects.create(
        page=page,
        number=page.revision,
        title=title,
        body=text,
        summary=str(_("Minutes published") if first else _("Minutes corrected")),
        author=by,
    )
    if page.place_id is not None:
        place_id = page.place_id
        transaction.on_commit(lambda: cache.delete(selectors.minutes_listed_key(place_id)))
    audit_record(
        actor=by,
        verb=Verb.PAGE_SAVED,
        target=page,
        place=body.place,
        data={"meeting": meeting.pk, "revision": page.revision},
    )
    return page
