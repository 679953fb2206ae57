"""Publishing's part of a person's data (see `community.personal_data`): the documentation
revisions they wrote. Nothing to erase: the documentation is the place's, and its history
stays, signed by the anonymised person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Provider, Row, Section, cell
from comptoir.publishing.models import Revision


def _revisions(person: Person) -> list[Row]:
    revisions = Revision.objects.filter(author=person).select_related("section__place")
    return [
        {
            "place": revision.section.place.name,
            "section": revision.section.get_key_display(),
            "number": revision.number,
            "summary": revision.summary,
            "at": cell(revision.created_at),
        }
        for revision in revisions.order_by("created_at", "pk")
    ]


PROVIDER = Provider(
    app="publishing",
    order=90,
    sections=(
        Section(
            "documentation_revisions",
            _("Documentation revisions I wrote"),
            (
                ("place", _("place")),
                ("section", _("section")),
                ("number", _("number")),
                ("summary", _("summary of the change")),
                ("at", _("date")),
            ),
            _revisions,
        ),
    ),
)
