"""News' part of a person's data (see `community.personal_data`): the places whose news
they get by email and their alert on projects' needs. Erasure deletes both (and which
announcements were emailed to them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.news.models import Delivery, NeedAlert, NewsOptIn


def _opt_ins(person: Person) -> list[Row]:
    rows = NewsOptIn.objects.filter(person=person).select_related("place").order_by("pk")
    return [{"place": o.place.name, "since": cell(o.created_at)} for o in rows]


def _alerts(person: Person) -> list[Row]:
    return [{"since": cell(a.created_at)} for a in NeedAlert.objects.filter(person=person)]


def erase(erasure: Erasure) -> None:
    NewsOptIn.objects.filter(person=erasure.person).delete()
    NeedAlert.objects.filter(person=erasure.person).delete()
    Delivery.objects.filter(person=erasure.person).delete()


PROVIDER = Provider(
    app="news",
    order=75,
    sections=(
        Section(
            "news_by_email",
            _("News by email"),
            (("place", _("place")), ("since", _("since"))),
            _opt_ins,
        ),
        Section(
            "need_alerts",
            _("Alerts on projects' needs"),
            (("since", _("since")),),
            _alerts,
        ),
    ),
    erase=erase,
)
