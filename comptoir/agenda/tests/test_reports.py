"""The activity report's figures on a small hand-made dataset (see the definitions in
`comptoir.agenda.reports`)."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from comptoir.agenda import report_sections
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.reports import activity_report
from comptoir.agenda.services.attendance import public_category_record

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
HELP = "Aide aux démarches administratives"
FUN = "Loisirs et créations numériques"


def event(place: Any, start: datetime, hours: float = 2, **values: Any) -> Event:
    values.setdefault("kind", EventKind.WORKSHOP)
    return Event.objects.create(
        place=place, title="Atelier", start=start, end=start + timedelta(hours=hours), **values
    )


def attend(event: Event, who: str, attendance: str = "present", **values: Any) -> Registration:
    values.setdefault("status", Registration.Status.CONFIRMED)
    return Registration.objects.create(
        event=event, name=who, identity=f"n:{who}", attendance=attendance, **values
    )


@pytest.fixture
def dataset(place: Any) -> dict[str, Any]:
    # Before the period: Alice came once, Carol came to an event later cancelled.
    attend(event(place, datetime(2024, 6, 10, 14, tzinfo=PARIS)), "alice")
    cancelled_2024 = event(place, datetime(2024, 7, 1, 14, tzinfo=PARIS), status="cancelled")
    attend(cancelled_2024, "carol")
    first = event(
        place,
        datetime(2025, 3, 10, 14, tzinfo=PARIS),
        publics=["Seniors"],
        services=[HELP],
    )
    alice = attend(first, "alice", public_category="Seniors", consent=True)
    attend(first, "bob")
    attend(first, "carol", "absent")
    attend(first, "dan", "", status=Registration.Status.WAITLISTED)
    attend(first, "eve", "", status=Registration.Status.CANCELLED)
    attend(first, "zoé", walk_in=True, public_category="Jeunes", consent=True)
    talk = event(
        place,
        datetime(2025, 4, 1, 18, tzinfo=PARIS),
        kind=EventKind.TALK,
        publics=["Seniors", "Jeunes"],
        services=[HELP, FUN],
    )
    attend(talk, "bob")
    attend(talk, "carol")
    # Cancelled in the period: ignored, with its people.
    dropped = event(place, datetime(2025, 5, 1, 10, tzinfo=PARIS), kind=EventKind.DROP_IN,
                    status="cancelled", publics=["Femmes"], services=[FUN])  # fmt: skip
    attend(dropped, "frank")
    # 00:30 in Paris on 1 January is still 31 December in UTC: inside the period…
    event(place, datetime(2025, 1, 1, 0, 30, tzinfo=PARIS), hours=1)
    # …and 00:30 on 1 January 2026 is 31 December 2025 in UTC: outside.
    late = event(place, datetime(2026, 1, 1, 0, 30, tzinfo=PARIS), services=[HELP])
    attend(late, "gus")
    return {"alice": alice, "first": first}


def test_it_counts_sessions_by_kind_in_the_places_time_zone(place: Any, dataset: Any) -> None:
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1])
    assert report.sessions == 3
    kinds = {row.key: row for row in report.by_kind}
    assert (kinds["atelier"].sessions, kinds["atelier"].hours) == (2, 3.0)
    assert (kinds["conference"].sessions, kinds["conference"].hours) == (1, 2.0)
    assert kinds["permanence"].sessions == 0
    # A talk is not digital mediation.
    assert (report.mediation_sessions, report.mediation_hours) == (2, 3.0)


def test_it_counts_registrations_attendance_and_people(place: Any, dataset: Any) -> None:
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1])
    assert report.registrations == 5  # walk-ins, waitlist and cancelled ones apart
    assert report.waitlisted == 1
    assert report.walk_ins == 1
    assert report.present == 5
    assert (report.marked_present, report.marked_absent) == (4, 1)
    assert report.attendance_rate == pytest.approx(0.8)
    assert report.attendance_percent == 80
    assert report.unique_people == 4  # alice, bob, carol, zoé


def test_it_tells_first_time_from_returning_people(place: Any, dataset: Any) -> None:
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1])
    # Alice came in 2024; Carol only to a cancelled event, so she is new.
    assert (report.first_time, report.returning) == (3, 1)
    # Over the next year only Gus came, for the first time.
    next_year = activity_report(place=place, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert (next_year.first_time, next_year.returning, next_year.sessions) == (1, 0, 1)


def test_it_breaks_down_by_public_and_service(place: Any, dataset: Any) -> None:
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1])
    publics = {row.key: row for row in report.by_public}
    assert (publics["Seniors"].people, publics["Seniors"].sessions) == (1, 2)
    assert (publics["Jeunes"].people, publics["Jeunes"].sessions) == (1, 1)
    assert (publics["Femmes"].people, publics["Femmes"].sessions) == (0, 0)
    assert publics[""].people == 2  # bob and carol said nothing
    assert publics[""].label == gettext("Not specified")
    services = {row.key: row for row in report.by_service}
    assert (services[HELP].sessions, services[HELP].people) == (2, 4)
    assert (services[FUN].sessions, services[FUN].people) == (1, 2)


def test_a_withdrawn_consent_leaves_the_public_unknown(
    place: Any, dataset: Any, concierge: Any
) -> None:
    public_category_record(registration=dataset["alice"], by=concierge, category="", consent=False)
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1])
    publics = {row.key: row.people for row in report.by_public}
    assert (publics["Seniors"], publics[""]) == (0, 3)
    dataset["alice"].refresh_from_db()
    assert (dataset["alice"].public_category, dataset["alice"].consent) == ("", False)


def test_the_attendance_rate_waits_for_sessions_to_start(place: Any, dataset: Any) -> None:
    before_the_talk = datetime(2025, 3, 20, tzinfo=PARIS)
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1], now=before_the_talk)
    assert (report.marked_present, report.marked_absent) == (2, 1)


def test_an_empty_period_has_no_rate(place: Any) -> None:
    today = timezone.localdate()
    report = activity_report(place=place, start=today, end=today)
    assert report.sessions == 0 and report.attendance_rate is None
    assert report.attendance_percent is None


def test_other_places_do_not_count(place: Any, sister_place: Any, dataset: Any) -> None:
    report = activity_report(place=sister_place, start=YEAR[0], end=YEAR[1])
    assert (report.sessions, report.present, report.unique_people) == (0, 0, 0)


def test_the_query_count_does_not_grow_with_the_data(
    place: Any, dataset: Any, django_assert_num_queries: Any
) -> None:
    # Five of its own, and one for each registered section (the conciergerie, the roster).
    assert report_sections.queries() == 2
    with django_assert_num_queries(5 + 2):
        activity_report(place=place, start=YEAR[0], end=YEAR[1])
    for day in range(20):
        more = event(place, datetime(2025, 6, 1, 9, tzinfo=PARIS) + timedelta(days=day))
        attend(more, f"n{day}")
    with django_assert_num_queries(5 + 2):
        activity_report(place=place, start=YEAR[0], end=YEAR[1])


def test_the_timeline_counts_sessions_per_month_in_the_places_time_zone(
    place: Any, dataset: Any
) -> None:
    report = activity_report(place=place, start=YEAR[0], end=YEAR[1])
    assert report.timeline_unit == "month"
    assert [bucket for bucket, _counts in report.timeline] == [
        date(2025, month, 1) for month in range(1, 13)
    ]
    by_month = {bucket.month: counts for bucket, counts in report.timeline}
    # 00:30 on 1 January in Paris is in January, though still December in UTC.
    assert by_month[1] == {"atelier": 1}
    assert by_month[3] == {"atelier": 1} and by_month[4] == {"conference": 1}
    assert by_month[5] == {}  # the cancelled drop-in is left out
    assert sum(sum(counts.values()) for _b, counts in report.timeline) == report.sessions


@pytest.mark.parametrize(
    ("start", "end", "unit", "buckets"),
    [
        (date(2025, 3, 1), date(2025, 3, 31), "day", 31),
        (date(2025, 3, 5), date(2025, 4, 30), "week", 9),  # from Monday 3 March
        (date(2025, 1, 1), date(2025, 12, 31), "month", 12),
        (date(2020, 1, 1), date(2025, 12, 31), "year", 6),
    ],
)
def test_the_timeline_unit_follows_the_length_of_the_period(
    place: Any, start: date, end: date, unit: str, buckets: int
) -> None:
    report = activity_report(place=place, start=start, end=end)
    assert report.timeline_unit == unit
    assert len(report.timeline) == buckets
    assert report.timeline[0][0] <= start


def test_the_report_page_draws_the_timeline_with_its_table(
    place: Any, dataset: Any, concierge_client: Any
) -> None:
    from django.urls import reverse

    url = reverse("agenda:report", args=[place.slug])
    response = concierge_client.get(url, {"du": "2025-01-01", "au": "2025-12-31"})
    html = response.content.decode()
    assert 'id="chart-timeline"' in html and 'role="img"' in html
    assert "Séances par mois, par type" in html
    chart = response.context["timeline"]
    assert len(chart.bars) == 3 and len(chart.table_rows) == 12
