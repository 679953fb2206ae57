"""The roster's and the exchange board's API: a permanent concierge plans, concierges take
and swap shifts, members post and reply; others are refused; bad input a 4xx, nothing
saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.exchange.models import Post, Reply
from comptoir.roster.models import Assignment, Shift, ShiftPattern, Swap
from comptoir.roster.tests.factories import next_weekday

pytestmark = pytest.mark.django_db


def test_a_concierge_plans_takes_and_another_accepts_the_swap(
    place: Any, concierge: Any, concierge_api: ApiClient, occasional_concierge: Any
) -> None:
    day = next_weekday(3)
    created = concierge_api.post(
        f"/places/{place.slug}/shifts",
        {"day": day.isoformat(), "start_time": "09:00", "end_time": "13:00", "capacity": 1},
    )
    assert created.status_code == 201, created.content
    shift_id = created.json()["id"]
    pattern = concierge_api.post(
        f"/places/{place.slug}/shift-patterns",
        {"weekday": 5, "start_time": "10:00", "end_time": "12:00"},
    )
    assert pattern.status_code == 201, pattern.content
    assert ShiftPattern.objects.count() == 1
    taken = concierge_api.post(f"/shifts/{shift_id}/take")
    assert taken.status_code == 201, taken.content
    assert_error(concierge_api.post(f"/shifts/{shift_id}/take"), 409, "already_on_shift")
    offered = concierge_api.post(f"/shift-assignments/{taken.json()['id']}/swap", {"note": "x"})
    assert offered.status_code == 201, offered.content
    paul = ApiClient(token_for(occasional_concierge))
    offers = paul.get("/me/swap-offers").json()
    assert [o["id"] for o in offers] == [offered.json()["id"]]
    accepted = paul.post(f"/swaps/{offered.json()['id']}/accept")
    assert accepted.status_code == 200, accepted.content
    assert Assignment.objects.get().person_id == occasional_concierge.pk
    roster = concierge_api.get(f"/places/{place.slug}/roster", month=f"{day:%Y-%m}").json()
    holders = [h for s in roster if s["id"] == shift_id for h in s["holders"]]
    assert [h["person"]["id"] for h in holders] == [occasional_concierge.pk]
    assert paul.get("/me/shifts").json()[0]["shift_id"] == shift_id
    assert concierge_api.get(f"/places/{place.slug}/roster/gaps", days=3).status_code == 200
    hours = concierge_api.get(f"/places/{place.slug}/roster/hours", month=f"{day:%Y-%m}")
    assert hours.json()[0]["hours"] == 4.0


def test_the_roster_refuses_others_and_bad_input(
    place: Any, concierge_api: ApiClient, member_api: ApiClient, nomad: Any
) -> None:
    nina = ApiClient(token_for(nomad))
    assert_error(nina.get(f"/places/{place.slug}/roster"), 403)
    assert_error(
        nina.post(
            f"/places/{place.slug}/shifts",
            {"day": next_weekday(2).isoformat(), "start_time": "09:00", "end_time": "12:00"},
        ),
        403,
    )
    assert_error(
        concierge_api.post(
            f"/places/{place.slug}/shifts",
            {"day": next_weekday(2).isoformat(), "start_time": "12:00", "end_time": "09:00"},
        ),
        422,
        "shift_times_invalid",
    )
    assert_error(concierge_api.get(f"/places/{place.slug}/roster", month="2026-13"), 422)
    assert not Shift.objects.exists()
    assert not Swap.objects.exists()


def test_members_post_reply_and_close_on_the_board(
    place: Any, nomad: Any, concierge_api: ApiClient, member_api: ApiClient
) -> None:
    nina = ApiClient(token_for(nomad))
    created = nina.post(
        f"/places/{place.slug}/exchange-posts", {"kind": "lend", "title": "Escabeau"}
    )
    assert created.status_code == 201, created.content
    post_id = created.json()["id"]
    assert_error(member_api.get(f"/places/{place.slug}/exchange-posts"), 403)
    replied = concierge_api.post(
        f"/places/{place.slug}/exchange-posts/{post_id}/replies", {"body": "Merci !"}
    )
    assert replied.status_code == 201, replied.content
    detail = nina.get(f"/places/{place.slug}/exchange-posts/{post_id}").json()
    assert [r["body"] for r in detail["replies"]] == ["Merci !"]
    listed = nina.get(f"/places/{place.slug}/exchange-posts", kind="lend").json()
    assert [p["id"] for p in listed["items"]] == [post_id]
    closed = nina.post(f"/places/{place.slug}/exchange-posts/{post_id}/close")
    assert closed.json()["status"] == "closed"
    assert nina._send("put", "/me/skill-alerts", {"on": True}).json() == {"on": True}


def test_bad_posts_are_refused_whole(place: Any, nomad: Any) -> None:
    nina = ApiClient(token_for(nomad))
    late = (timezone.localdate() + dt.timedelta(days=200)).isoformat()
    assert_error(
        nina.post(
            f"/places/{place.slug}/exchange-posts",
            {"kind": "seek", "title": "Scie", "expires_on": late},
        ),
        422,
        "expiry_invalid",
    )
    assert_error(
        nina.post(
            f"/places/{place.slug}/exchange-posts",
            {"kind": "seek", "title": "Scie", "skills": ["inconnue"]},
        ),
        422,
        "skill_unknown",
    )
    assert nina.post(
        f"/places/{place.slug}/exchange-posts", {"kind": "vend", "title": "x"}
    ).status_code in (400, 422)
    assert not Post.objects.exists()
    assert not Reply.objects.exists()
