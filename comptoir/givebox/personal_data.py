"""The Give Box's part of a person's data (see `community.personal_data`): the objects they
posted while signed in. Erasure blanks the name and contact they gave (the objects stay,
anonymous, as everyone else's); objects posted without an account are tied to nobody and
expire with their contact after three weeks on the page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.givebox.models import Gift


def _gifts(person: Person) -> list[Row]:
    gifts = Gift.objects.filter(posted_by=person).select_related("place").order_by("pk")
    return [
        {
            "title": gift.title,
            "place": gift.place.name,
            "giver_name": gift.giver_name,
            "contact": gift.contact,
            "posted_at": cell(gift.created_at),
            "status": gift.get_status_display(),
        }
        for gift in gifts
    ]


def erase(erasure: Erasure) -> None:
    gifts = Gift.objects.filter(posted_by=erasure.person)
    ids = list(gifts.values_list("pk", flat=True))
    # An object to collect without a contact cannot stay on the page: it is removed.
    gifts.filter(where=Gift.Where.COLLECT).update(status=Gift.Status.REMOVED, contact="-")
    gifts.update(giver_name="")
    gifts.filter(where=Gift.Where.BOX).update(contact="")
    erasure.scrub_audit(Gift, ids)


PROVIDER = Provider(
    app="givebox",
    order=65,
    sections=(
        Section(
            "give_box",
            _("Objects given in the Give Box"),
            (
                ("title", _("what it is")),
                ("place", _("place")),
                ("giver_name", _("given by")),
                ("contact", _("contact")),
                ("posted_at", _("posted at")),
                ("status", _("status")),
            ),
            _gifts,
        ),
    ),
    erase=erase,
)
