"""/places/{slug}/documentation: a place's open documentation in the Movilab structure,
read by anyone (each section's text and the live blocks filled from the data), edited by
the place's concierges with a `base_revision`, so that a concurrent edit comes back as a
409 `section_conflict` with the current text and a diff, never silently lost; and its
exports (MediaWiki wikitext, JSON, a Markdown bundle), under CC BY-SA. Thin adapters over
`comptoir.publishing.services`, `.selectors` and `.exports`."""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from comptoir.api.auth import PUBLIC, ApiRequest, AuthedApiRequest
from comptoir.api.openapi import media
from comptoir.api.pagination import Pagination
from comptoir.api.schemas import READ_ERRORS, WRITE_ERRORS, InSchema, PersonRefOut, Slug
from comptoir.community import permissions
from comptoir.places.models import Place
from comptoir.publishing import exports, selectors, services
from comptoir.publishing.diff import unified
from comptoir.publishing.exceptions import SectionConflict
from comptoir.publishing.live_blocks import LiveBlock
from comptoir.publishing.models import Revision, SectionKey
from comptoir.publishing.selectors import DocSection

router = Router(tags=["documentation"])


# --- Schemas --------------------------------------------------------------------------------


class ColumnOut(Schema):
    key: str
    label: str


class BlockOut(Schema):
    key: str
    title: str
    columns: list[ColumnOut]
    records: list[dict[str, Any]] = Field(
        ..., description="Display strings under the columns' keys, plus raw values."
    )
    more: int = Field(..., description="How many records exist beyond those listed.")


class SectionOut(Schema):
    key: str = Field(..., description="One of " + ", ".join(SectionKey.values) + ".")
    title: str
    body: str = Field(..., description="Markdown.")
    html: str = Field(..., description="The text, rendered and sanitised.")
    revision: int = Field(..., description="Send it back as `base_revision` when saving.")
    updated_at: datetime | None
    updated_by: PersonRefOut | None
    blocks: list[BlockOut] = Field(..., description="Live blocks filled from the data.")


class LicenceOut(Schema):
    id: str
    name: str
    url: str


class PlaceLinkOut(Schema):
    slug: str
    name: str
    url: str


class DocumentationOut(Schema):
    place: PlaceLinkOut
    licence: LicenceOut
    can_edit: bool = Field(..., description="Whether the caller may edit the sections.")
    sections: list[SectionOut]


class SectionIn(InSchema):
    body: str = Field(..., description="Markdown (sanitised when shown).")
    base_revision: int = Field(
        ..., ge=0, description="The `revision` the text was based on (0: never saved)."
    )
    summary: str = Field("", max_length=200, description="What changed.")


class RevisionOut(Schema):
    number: int
    body: str
    summary: str
    author: PersonRefOut | None
    created_at: datetime


# --- Reads ----------------------------------------------------------------------------------


def place_get(*, slug: str) -> Place:
    return selectors.place_get_documented(slug=slug)


def section_key(key: str) -> str:
    """A section of the Movilab structure; any other name is a 404."""
    if key not in SectionKey.values:
        raise Http404
    return key


def _documentation(request: ApiRequest, place: Place) -> exports.Documentation:
    return exports.Documentation(
        place=place,
        sections=selectors.documentation_of(place=place),
        base_url=request.build_absolute_uri("/"),
    )


def _block(block: LiveBlock, doc: exports.Documentation) -> dict[str, Any]:
    links = {column.link for column in block.columns if column.link}
    return {
        "key": block.key,
        "title": block.title,
        "columns": [{"key": c.key, "label": c.label} for c in block.columns],
        "records": [
            {k: doc.absolute(v) if k in links else v for k, v in record.items()}
            for record in block.records
        ],
        "more": block.more,
    }


def _section(section: DocSection, doc: exports.Documentation) -> dict[str, Any]:
    saved = section.section.pk is not None
    return {
        "key": section.key,
        "title": section.title,
        "body": section.body,
        "html": str(section.html),
        "revision": section.section.revision,
        "updated_at": section.section.updated_at if saved else None,
        "updated_by": section.section.updated_by if saved else None,
        "blocks": [_block(block, doc) for block in section.blocks],
    }


def documentation_out(request: ApiRequest, place: Place) -> dict[str, Any]:
    doc = _documentation(request, place)
    return {
        "place": {"slug": place.slug, "name": place.name, "url": doc.url},
        "licence": {
            "id": exports.LICENCE.value,
            "name": exports.LICENCE.label,
            "url": exports.LICENCE_URL,
        },
        "can_edit": permissions.can_edit_documentation(request.auth, place.pk),
        "sections": [_section(section, doc) for section in doc.sections],
    }


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- The documentation ----------------------------------------------------------------------


@router.get(
    "/places/{slug}/documentation", response={200: DocumentationOut, **READ_ERRORS}, auth=PUBLIC
)
def get_documentation(request: ApiRequest, slug: Slug) -> dict[str, Any]:
    """The eleven sections of the place's documentation in the Movilab order (empty ones at
    revision 0), each with its text and its live blocks as data."""
    return documentation_out(request, place_get(slug=slug))


@router.put("/places/{slug}/documentation/{key}", response={200: SectionOut, **WRITE_ERRORS})
def save_section(
    request: AuthedApiRequest, slug: Slug, key: str, payload: SectionIn
) -> dict[str, Any]:
    """Save a section (the place's concierges), based on the `revision` you read. When
    someone saved it since: 409 `section_conflict`, nothing saved, with `current` (their
    text, revision and author) and `diff` (from their text to yours) to merge and retry."""
    place = place_get(slug=slug)
    key = section_key(key)
    try:
        services.section_save(
            place=place,
            key=key,
            body=payload.body,
            base_revision=payload.base_revision,
            summary=payload.summary,
            by=request.auth,
        )
    except SectionConflict as conflict:
        conflict.extra = {  # type: ignore[attr-defined]  # added to the error's body
            "current": {
                "body": conflict.current_body,
                "revision": conflict.current_revision,
                "author": conflict.current_author,
            },
            "diff": [asdict(line) for line in conflict.diff],
            "unified_diff": unified(
                conflict.current_body, payload.body, old_name="current", new_name="yours"
            ),
        }
        raise
    doc = _documentation(request, place)
    return _section(next(s for s in doc.sections if s.key == key), doc)


@router.get(
    "/places/{slug}/documentation/{key}/revisions",
    response={200: list[RevisionOut], **READ_ERRORS},
    auth=PUBLIC,
)
@paginate(Pagination)
def list_revisions(request: ApiRequest, slug: Slug, key: str) -> QuerySet[Revision]:
    """Every saved version of a section, the latest first."""
    place = place_get(slug=slug)
    section = selectors.section_get(place=place, key=section_key(key))
    return selectors.revisions_of(section=section)


# --- Exports --------------------------------------------------------------------------------


@router.get(
    "/places/{slug}/documentation.wiki",
    response={200: str, **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=media("text/plain"),
)
def export_wiki(request: ApiRequest, slug: Slug) -> HttpResponse:
    """MediaWiki wikitext ready to paste into Movilab (`text/plain`), under CC BY-SA."""
    doc = _documentation(request, place_get(slug=slug))
    return _download(exports.to_wikitext(doc), "text/plain; charset=utf-8", f"{slug}.wiki")


@router.get(
    "/places/{slug}/documentation.json", response={200: dict[str, Any], **READ_ERRORS}, auth=PUBLIC
)
def export_json(request: ApiRequest, slug: Slug) -> HttpResponse:
    """The documentation as JSON: each section's Markdown and its live blocks' records,
    with the licence."""
    doc = _documentation(request, place_get(slug=slug))
    return _download(exports.to_json(doc), "application/json; charset=utf-8", f"{slug}.json")


@router.get(
    "/places/{slug}/documentation.zip",
    response={200: bytes, **READ_ERRORS},
    auth=PUBLIC,
    openapi_extra=media("application/zip", {"type": "string", "format": "binary"}),
)
def export_markdown(request: ApiRequest, slug: Slug) -> HttpResponse:
    """A Markdown bundle: a zip with one file per section and a README."""
    doc = _documentation(request, place_get(slug=slug))
    response = _download(exports.to_markdown_zip(doc), "application/zip", f"{slug}.zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-documentation.zip"'
    return response
