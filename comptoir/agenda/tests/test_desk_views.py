"""The desk's pages: attendance (page, htmx rows, walk-ins, publics) and the activity report
(page, CSV, spreadsheet): permissions, bad inputs and query counts."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.services.attendance import AttendanceTooEarly
from comptoir.agenda.tests.conftest import local_at
from comptoir.core.tests.csv_checks import read_spreadsheet_csv

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def fr(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def make(place: Any, days: int, **values: Any) -> Event:
    start = local_at(place, days, 14)
    values.setdefault("kind", EventKind.WORKSHOP)
    return Event.objects.create(
        place=place, title="Atelier tablette", start=start, end=start + timedelta(hours=2),
        **values,
    )  # fmt: skip


def register(event: Event, name: str, **values: Any) -> Registration:
    return Registration.objects.create(
        event=event, name=name, email=f"{name.lower()}@example.org",
        identity=f"e:{name.lower()}@example.org", **values,
    )  # fmt: skip


@pytest.fixture
def today(place: Any) -> Event:
    return make(place, 0, capacity=10)


@pytest.fixture
def alice(today: Event) -> Registration:
    return register(today, "Alice")


def mark_url(registration: Registration) -> str:
    return reverse("agenda:attendance-mark", args=[registration.event_id, registration.pk])


# --- attendance ---------------------------------------------------------------------------


def test_the_attendance_page_lists_the_people(
    concierge_client: Any, today: Event, alice: Registration
) -> None:
    register(today, "Dan", status=Registration.Status.WAITLISTED)
    register(today, "Xena", status=Registration.Status.CANCELLED)
    response = concierge_client.get(reverse("agenda:attendance", args=[today.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="registration-{alice.pk}"' in html
    assert "Dan" in html and "Xena" not in html
    assert mark_url(alice) in html
    assert reverse("agenda:walk-in", args=[today.pk]) in html


def test_before_the_day_the_page_shows_no_buttons(concierge_client: Any, place: Any) -> None:
    later = make(place, 3)
    registration = register(later, "Alice")
    response = concierge_client.get(reverse("agenda:attendance", args=[later.pk]))
    assert response.status_code == 200
    assert mark_url(registration) not in response.content.decode()
    assert str(AttendanceTooEarly.default_message) in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "nomad", "other_concierge", "sister_concierge"])
def test_others_cannot_take_attendance(
    request: Any, login: Any, who: str, today: Event, alice: Registration
) -> None:
    client = login(None if who == "anonymous" else request.getfixturevalue(who))
    page = client.get(reverse("agenda:attendance", args=[today.pk]))
    marked = client.post(mark_url(alice), {"present": "1"})
    added = client.post(reverse("agenda:walk-in", args=[today.pk]), {"name": "Zoé"})
    expected = 302 if who == "anonymous" else 403
    assert (page.status_code, marked.status_code, added.status_code) == (expected,) * 3
    alice.refresh_from_db()
    assert alice.attendance == ""
    assert today.registrations.count() == 1


def test_unknown_events_and_registrations_are_404(
    concierge_client: Any, today: Event, alice: Registration, place: Any
) -> None:
    assert concierge_client.get(reverse("agenda:attendance", args=[999999])).status_code == 404
    other = register(make(place, 1), "Bob")
    url = reverse("agenda:attendance-mark", args=[today.pk, other.pk])
    assert concierge_client.post(url, {"present": "1"}).status_code == 404


def test_marking_without_javascript_redirects_to_the_row(
    concierge_client: Any, alice: Registration
) -> None:
    response = concierge_client.post(mark_url(alice), {"present": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#registration-{alice.pk}")
    alice.refresh_from_db()
    assert alice.attendance == "absent"


def test_marking_with_htmx_swaps_the_row_and_the_counts(
    concierge_client: Any, alice: Registration
) -> None:
    response = concierge_client.post(mark_url(alice), {"present": "1"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="registration-{alice.pk}"')
    assert 'data-attendance="present"' in html
    assert 'id="attendance-counts"' in html and 'hx-swap-oob="true"' in html
    assert '<dd data-count="present">1</dd>' in html
    assert "<html" not in html


def test_a_bad_mark_is_refused(concierge_client: Any, alice: Registration) -> None:
    response = concierge_client.post(mark_url(alice), {"present": "maybe"}, **HTMX)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert concierge_client.get(mark_url(alice)).status_code == 405
    alice.refresh_from_db()
    assert alice.attendance == ""


def test_marking_too_early_says_why(concierge_client: Any, place: Any) -> None:
    registration = register(make(place, 3), "Alice")
    message = escape(str(AttendanceTooEarly.default_message))
    with_htmx = concierge_client.post(mark_url(registration), {"present": "1"}, **HTMX)
    plain = concierge_client.post(mark_url(registration), {"present": "1"})
    for response in (with_htmx, plain):
        assert response.status_code == 409  # a Conflict
        assert message in response.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == ""


def test_a_walk_in_is_added(concierge_client: Any, today: Event) -> None:
    url = reverse("agenda:walk-in", args=[today.pk])
    response = concierge_client.post(
        url, {"name": "Zoé", "public_category": "Jeunes", "consent": "on"}
    )
    assert response.status_code == 302
    zoe = today.registrations.get(name="Zoé")
    assert (zoe.walk_in, zoe.attendance, zoe.public_category) == (True, "present", "Jeunes")
    # With htmx, the board comes back with the new row and an empty form.
    response = concierge_client.post(url, {"name": "Yann", "phone": "0612345678"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attendance-board">')
    assert "Yann" in html and 'data-count="walk_ins">2<' in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Zoé", "email": "nope"}, "email"),
        ({"name": "Zoé", "phone": "12"}, "phone"),
        ({"name": "Zoé", "public_category": "Seniors"}, "consent"),
        ({"name": "Zoé", "public_category": "Martiens", "consent": "on"}, "public_category"),
        ({"name": "Alice bis", "email": "alice@example.org"}, "name"),
    ],
)
def test_a_bad_walk_in_is_refused(
    concierge_client: Any, today: Event, alice: Registration, data: dict[str, str], field: Any
) -> None:
    response = concierge_client.post(reverse("agenda:walk-in", args=[today.pk]), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(rf'<[^>]*name="{field}"[^>]*aria-invalid="true"', html), html
    assert today.registrations.count() == 1


def test_a_public_is_recorded_with_consent_only(concierge_client: Any, alice: Registration) -> None:
    url = reverse("agenda:public-record", args=[alice.event_id, alice.pk])
    refused = concierge_client.post(url, {"public_category": "Seniors"}, **HTMX)
    assert refused.status_code == 422
    alice.refresh_from_db()
    assert alice.public_category == ""
    saved = concierge_client.post(url, {"public_category": "Seniors", "consent": "on"}, **HTMX)
    assert saved.status_code == 200
    alice.refresh_from_db()
    assert (alice.public_category, alice.consent) == ("Seniors", True)


# --- activity report ----------------------------------------------------------------------


@pytest.fixture
def period(place: Any) -> dict[str, str]:
    """Ten days around a workshop held five days ago, with Alice present and Bob absent."""
    held = make(place, -5, publics=["Seniors"], services=["Aide aux démarches administratives"])
    register(held, "Alice", attendance="present", public_category="Seniors", consent=True)
    register(held, "Bob", attendance="absent")
    day = local_at(place, -5).date()
    return {
        "du": (day - timedelta(days=5)).isoformat(),
        "au": (day + timedelta(days=5)).isoformat(),
    }


def report_url(place: Any, name: str = "agenda:report") -> str:
    return reverse(name, args=[place.slug])


def test_the_report_page_shows_the_figures(
    concierge_client: Any, place: Any, period: dict[str, str]
) -> None:
    response = concierge_client.get(report_url(place), period)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.sessions, report.present, report.attendance_percent) == (1, 1, 50)
    html = response.content.decode()
    assert 'id="chart-public-people"' in html and "<svg" in html
    assert 'aria-hidden="true"' in html
    assert report_url(place, "agenda:report-csv") in html
    assert report_url(place, "agenda:report-xlsx") in html
    assert "cdn" not in html.lower()


def test_the_report_defaults_to_the_year_so_far(concierge_client: Any, place: Any) -> None:
    response = concierge_client.get(report_url(place))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.start.month, report.start.day) == (1, 1)
    assert report.end.year == report.start.year


@pytest.mark.parametrize(
    "query",
    [{"du": "2025-13-01", "au": "2025-12-31"}, {"du": "2025-06-01", "au": "2025-01-01"},
     {"du": "2025-01-01"}, {"du": "1990-01-01", "au": "2025-01-01"}],
)  # fmt: skip
def test_a_bad_period_is_refused(concierge_client: Any, place: Any, query: dict[str, str]) -> None:
    for name in ("agenda:report", "agenda:report-csv", "agenda:report-xlsx"):
        assert concierge_client.get(report_url(place, name), query).status_code == 400


@pytest.mark.parametrize("who", ["anonymous", "nomad", "sister_concierge", "occasional_concierge"])
def test_only_the_places_concierges_see_the_report(
    request: Any, login: Any, who: str, place: Any
) -> None:
    from comptoir.community import permissions

    someone = None if who == "anonymous" else request.getfixturevalue(who)
    client = login(someone)
    allowed = someone is not None and permissions.can_view_activity_report(someone, place.pk)
    for name in ("agenda:report", "agenda:report-csv", "agenda:report-xlsx"):
        status = client.get(report_url(place, name)).status_code
        assert status == (302 if someone is None else 200 if allowed else 403)
    if who in ("nomad", "sister_concierge"):
        assert not allowed


def test_an_unknown_place_is_404(concierge_client: Any) -> None:
    url = reverse("agenda:report", args=["nowhere"])
    assert concierge_client.get(url).status_code == 404


def test_the_csv_holds_the_figures(
    concierge_client: Any, place: Any, period: dict[str, str]
) -> None:
    response = concierge_client.get(report_url(place, "agenda:report-csv"), period)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(codecs.BOM_UTF8)  # Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        fr(name) for name in ("Place", "From", "To", "Section", "Item", "Measure", "Value")
    ]
    assert {len(row) for row in rows} == {7}  # one regular table
    assert {tuple(row[:3]) for row in rows[1:]} == {(place.name, period["du"], period["au"])}
    figures = {(row[3], row[4], row[5]): row[6] for row in rows[1:]}
    frame = read_spreadsheet_csv(response.content)
    assert list(frame.columns) == rows[0]
    assert len(frame) == len(rows) - 1
    assert pd.api.types.is_numeric_dtype(frame[fr("Value")])  # every figure a number
    assert set(frame[fr("Place")]) == {place.name}
    summary = fr("Summary")
    assert figures[(summary, fr("Presences"), fr("Value"))] == "1"
    assert figures[(summary, fr("Attendance rate (%)"), fr("Value"))] == "50"
    assert figures[(fr("By public"), "Seniors", fr("People present"))] == "1"
    assert figures[(fr("By public"), fr("Not specified"), fr("People present"))] == "0"


def test_the_spreadsheet_holds_the_same_figures(
    concierge_client: Any, place: Any, period: dict[str, str]
) -> None:
    response = concierge_client.get(report_url(place, "agenda:report-xlsx"), period)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        fr("Summary"),
        fr("By kind"),
        fr("By public"),
        fr("By service"),
        # The sections the apps around agenda add (report_sections).
        fr("Conciergerie"),
        fr("Conciergerie by service"),
        fr("Volunteer hours"),
        fr("Volunteer hours by month"),
    ]
    summary = {row[0]: row[1] for row in book[fr("Summary")].iter_rows(values_only=True) if row}
    assert summary[fr("Sessions")] == 1
    assert summary[fr("Unique people")] == 1
    assert summary[fr("From")].date() == date.fromisoformat(period["du"])
    services = {row[0]: row[1:] for row in book[fr("By service")].iter_rows(values_only=True)}
    assert services["Aide aux démarches administratives"] == (1, 1)


def test_the_report_query_count_does_not_grow_with_the_data(
    concierge_client: Any, place: Any, period: dict[str, str]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert concierge_client.get(report_url(place), period).status_code == 200
        return len(queries)

    before = count()
    for days in range(-9, -1):
        held = make(place, days, services=["Loisirs et créations numériques"])
        for index in range(5):
            register(held, f"p{days}x{index}", attendance="present")
    assert count() == before
