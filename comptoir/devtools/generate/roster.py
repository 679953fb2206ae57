"""The generated network's roster and exchange board: per place, weekday mornings and
afternoons as weekly patterns with their shifts from two months back to two months ahead,
four in five held by one of the place's concierges (some swaps offered); and a board of
offers and requests by its members, tagged with skills of the directory, with replies, so
that the roster of a month and the board are measured with data."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from comptoir.community.models import CONCIERGE_ROLES, PlaceRole, Skill
from comptoir.core.bulk import sql_delete
from comptoir.exchange.models import Post, Reply
from comptoir.places.models import Place
from comptoir.roster.models import Assignment, GapAlert, Shift, ShiftPattern, Swap

HOURS = ((dt.time(9), dt.time(13), "Matin"), (dt.time(13), dt.time(19), "Après-midi"))
WEEKS_BACK, WEEKS_AHEAD = 9, 9
POSTS_PER_PLACE = 40
TITLES = {
    Post.Kind.LEND: ("Je prête une perceuse", "Je prête un vidéoprojecteur", "Je prête une tente"),
    Post.Kind.SEEK: (
        "Je cherche un coup de main",
        "Je cherche un escabeau",
        "Je cherche un graphiste",
    ),
    Post.Kind.HELP: ("Je propose de relire vos dossiers", "Je propose un coup de main en Python"),
}


class RosterGenerator:
    def __init__(self, gen: Any, places: list[Place]) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.places = places

    def write(self) -> None:
        roles = PlaceRole.objects.filter(place__in=self.places).values_list(
            "place_id", "person_id", "role"
        )
        concierges: dict[int, list[int]] = {}
        members: dict[int, list[int]] = {}
        for place_id, person_id, role in roles:
            members.setdefault(place_id, []).append(person_id)
            if role in CONCIERGE_ROLES:
                concierges.setdefault(place_id, []).append(person_id)
        self.roster(concierges)
        self.board(members)

    def roster(self, concierges: dict[int, list[int]]) -> None:
        patterns = [
            ShiftPattern(
                place=place,
                weekday=weekday,
                start_time=start,
                end_time=end,
                label=label,
                starts_on=self.gen.today - dt.timedelta(weeks=WEEKS_BACK),
            )
            for place in self.places
            for weekday in range(5)
            for start, end, label in HOURS
        ]
        self.gen.bulk(ShiftPattern, patterns)
        patterns = list(ShiftPattern.objects.filter(place__in=self.places).select_related("place"))
        monday = self.gen.today - dt.timedelta(days=self.gen.today.weekday())
        shifts = []
        for pattern in patterns:
            zone = ZoneInfo(pattern.place.timezone)
            for week in range(-WEEKS_BACK, WEEKS_AHEAD):
                day = monday + dt.timedelta(weeks=week, days=pattern.weekday)
                shifts.append(
                    Shift(
                        place_id=pattern.place_id,
                        pattern=pattern,
                        label=pattern.label,
                        day=day,
                        starts_at=dt.datetime.combine(day, pattern.start_time, tzinfo=zone),
                        ends_at=dt.datetime.combine(day, pattern.end_time, tzinfo=zone),
                    )
                )
        self.gen.bulk(Shift, shifts)
        assignments = []
        for shift_id, place_id in Shift.objects.filter(place__in=self.places).values_list(
            "pk", "place_id"
        ):
            people = concierges.get(place_id)
            if people and self.rng.random() < 0.8:
                assignments.append(
                    Assignment(shift_id=shift_id, person_id=self.rng.choice(people), slot=1)
                )
        self.gen.bulk(Assignment, assignments)
        offered = Assignment.objects.filter(
            shift__place__in=self.places, shift__starts_at__gt=self.gen.now
        ).values_list("pk", "person_id")
        swaps = [
            Swap(assignment_id=pk, offered_by_id=person_id)
            for pk, person_id in offered
            if self.rng.random() < 0.05
        ]
        self.gen.bulk(Swap, swaps)

    def board(self, members: dict[int, list[int]]) -> None:
        skills = list(Skill.objects.values_list("pk", flat=True)[:200])
        posts = []
        for place in self.places:
            people = members.get(place.pk)
            if not people:
                continue
            for _ in range(POSTS_PER_PLACE):
                kind = self.rng.choice(list(Post.Kind))
                posts.append(
                    Post(
                        place=place,
                        author_id=self.rng.choice(people),
                        kind=kind,
                        title=self.rng.choice(TITLES[kind]),
                        expires_on=self.gen.today + dt.timedelta(days=self.rng.randrange(1, 60)),
                    )
                )
        self.gen.bulk(Post, posts)
        through = Post.skills.through
        created = list(Post.objects.filter(place__in=self.places).values_list("pk", "place_id"))
        if skills:
            self.gen.bulk(
                through,
                [through(post_id=pk, skill_id=self.rng.choice(skills)) for pk, _place in created],
            )
        replies = [
            Reply(post_id=pk, author_id=self.rng.choice(members[place_id]), body="Je peux aider.")
            for pk, place_id in created
            if self.rng.random() < 0.6
        ]
        self.gen.bulk(Reply, replies)


def wipe_roster(places: Any) -> None:
    sql_delete(Reply.objects.filter(post__place__in=places))
    sql_delete(Post.skills.through.objects.filter(post__place__in=places))
    sql_delete(Post.objects.filter(place__in=places))
    sql_delete(Swap.objects.filter(assignment__shift__place__in=places))
    sql_delete(Assignment.objects.filter(shift__place__in=places))
    sql_delete(Shift.objects.filter(place__in=places))
    sql_delete(ShiftPattern.objects.filter(place__in=places))
    sql_delete(GapAlert.objects.filter(place__in=places))
