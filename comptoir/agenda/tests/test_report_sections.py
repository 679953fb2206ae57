"""The activity report's sections added by the apps around agenda: the conciergerie's
requests done by service with their revenue, and the roster's volunteer hours (shifts held,
per month, and the number of volunteers); on the page, in the CSV and in the spreadsheet;
one query each whatever the data."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from comptoir.agenda.reports import activity_report
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.conciergerie import services as conciergerie
from comptoir.conciergerie.tests.factories import make_request, make_service
from comptoir.places.tests.factories import PlaceFactory
from comptoir.roster.models import Assignment, Shift

pytestmark = pytest.mark.django_db


def shift(place: Any, day: dt.date, hours: int, people: list[Any], **fields: Any) -> Shift:
    zone = timezone.get_current_timezone()
    starts = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
    made = Shift.objects.create(
        place=place,
        day=day,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        capacity=max(len(people), 1),
        **fields,
    )
    for slot, person in enumerate(people, start=1):
        Assignment.objects.create(shift=made, person=person, slot=slot)
    return made


def done(service: Any, requester: Any, concierge: Any) -> None:
    request = make_request(service, requester)
    conciergerie.request_move(request=request, to="taken", by=concierge)
    conciergerie.request_move(request=request, to="done", by=concierge)


@pytest.fixture
def period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=40), today


@pytest.fixture
def commons(place: Any, concierge: Any, period: tuple[dt.date, dt.date]) -> dict[str, Any]:
    claire, paul = concierge, PersonFactory(first_name="Paul")
    PlaceRoleFactory(person=paul, place=place, role=Role.CONCIERGE_OCCASIONAL)
    start, today = period
    shift(place, today - dt.timedelta(days=3), 3, [claire, paul])  # 6 hours, two people
    shift(place, today - dt.timedelta(days=35), 4, [paul])  # a month earlier
    shift(place, today - dt.timedelta(days=2), 5, [paul], cancelled_at=timezone.now())
    shift(place, today + dt.timedelta(days=2), 5, [claire])  # not held yet
    shift(place, start - dt.timedelta(days=3), 5, [claire])  # before the period
    shift(PlaceFactory(), today - dt.timedelta(days=3), 5, [claire])  # another place
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    pressing = make_service(place, name="Pressing", price_cents=1200)
    keys = make_service(place, name="Clés", price_cents=0)
    done(pressing, member, concierge)
    done(pressing, member, concierge)
    done(keys, member, concierge)
    refused = make_request(pressing, member)
    conciergerie.request_move(request=refused, to="refused", by=concierge)
    return {"claire": claire, "paul": paul}


def section(report: Any, key: str) -> Any:
    return next(s for s in report.sections if s.key == key)


def test_the_report_counts_volunteer_hours_and_the_conciergerie(
    place: Any, commons: Any, period: tuple[dt.date, dt.date]
) -> None:
    report = activity_report(place=place, start=period[0], end=period[1])
    hours = section(report, "volunteering")
    assert dict(hours.figures) == {
        _("Hours on duty"): 10.0,
        _("Shifts held"): 3,
        _("Volunteers"): 2,
    }
    assert sum(row[1] for row in hours.tables[0].rows) == 10.0
    assert len(hours.tables[0].rows) in (2, 3)  # the months the period touches
    concierge = section(report, "conciergerie")
    assert dict(concierge.figures) == {
        _("Requests done"): 3,
        _("Conciergerie revenue (€)"): 24.0,
    }
    assert concierge.tables[0].rows == [["Clés", 1, 0.0], ["Pressing", 2, 24.0]]


def test_an_empty_period_has_empty_sections(place: Any) -> None:
    report = activity_report(place=place, start=dt.date(2001, 1, 1), end=dt.date(2001, 1, 31))
    assert dict(section(report, "volunteering").figures)[_("Hours on duty")] == 0.0
    assert dict(section(report, "conciergerie").figures)[_("Requests done")] == 0


def test_the_sections_query_count_does_not_grow_with_the_data(
    place: Any, commons: Any, period: tuple[dt.date, dt.date], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(7):
        activity_report(place=place, start=period[0], end=period[1])
    for n in range(10):
        shift(place, period[1] - dt.timedelta(days=5 + n), 2, [commons["paul"]])
    with django_assert_num_queries(7):
        activity_report(place=place, start=period[0], end=period[1])


def test_the_page_the_csv_and_the_spreadsheet_show_them(
    place: Any, commons: Any, period: tuple[dt.date, dt.date], concierge_client: Any
) -> None:
    query = {"du": period[0].isoformat(), "au": period[1].isoformat()}
    page = concierge_client.get(reverse("agenda:report", args=[place.slug]), query)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Heures de bénévolat" in html and "Demandes réalisées" in html
    assert 'id="section-volunteering"' in html and "Pressing" in html
    csv = concierge_client.get(reverse("agenda:report-csv", args=[place.slug]), query)
    text = csv.content.decode("utf-8-sig")
    assert "Heures de permanence" in text and "Recettes de la conciergerie (€)" in text
    xlsx = concierge_client.get(reverse("agenda:report-xlsx", args=[place.slug]), query)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Heures de bénévolat" in book.sheetnames
    assert "Conciergerie par service" in book.sheetnames
