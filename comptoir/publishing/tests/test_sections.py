"""Saving a documentation section: gap-free revisions, a conflict (with the current text and
a diff) when the editor's base revision is stale, and real concurrent saves on PostgreSQL
where exactly one of two edits based on the same revision wins and no text is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.places.models import Place
from comptoir.publishing import services
from comptoir.publishing.diff import diff_lines, unified
from comptoir.publishing.exceptions import SectionConflict
from comptoir.publishing.models import Revision, Section, SectionKey

KEY = SectionKey.GOVERNANCE


def save(place: Any, by: Any, body: str, base: int, **extra: Any) -> Section:
    return services.section_save(
        place=place, key=extra.pop("key", KEY), body=body, base_revision=base, by=by, **extra
    )


@pytest.mark.django_db
class TestSectionSave:
    def test_it_creates_the_section_on_its_first_save(self, place: Any, concierge: Any) -> None:
        section = save(place, concierge, "Une SCIC, un CA de 12 personnes.", 0, summary="Début")

        assert (section.revision, section.body, section.updated_by) == (
            1,
            "Une SCIC, un CA de 12 personnes.",
            concierge,
        )
        revision = section.revisions.get()
        assert (revision.number, revision.summary, revision.author) == (1, "Début", concierge)
        audit = AuditEvent.objects.get(verb="documentation.section_saved")
        assert audit.data == {"key": KEY, "revision": 1}

    def test_it_numbers_revisions_without_gaps(self, place: Any, concierge: Any) -> None:
        for number, text in enumerate(["un", "deux", "trois", "quatre"]):
            save(place, concierge, text, number)

        section = Section.objects.get(place=place, key=KEY)
        assert section.revision == 4
        numbers = list(section.revisions.order_by("number").values_list("number", "body"))
        assert numbers == [(1, "un"), (2, "deux"), (3, "trois"), (4, "quatre")]

    def test_a_stale_base_revision_is_a_conflict_with_the_current_text_and_a_diff(
        self, place: Any, concierge: Any, occasional_concierge: Any
    ) -> None:
        save(place, concierge, "ligne commune\nversion de Claire", 0)

        with pytest.raises(SectionConflict) as caught:
            save(place, occasional_concierge, "ligne commune\nversion de Paul", 0)

        conflict = caught.value
        assert conflict.code == "section_conflict"
        assert conflict.status == 409
        assert conflict.current_body == "ligne commune\nversion de Claire"
        assert conflict.current_revision == 1
        assert conflict.current_author == concierge.display_name
        kinds = [(line.kind, line.text) for line in conflict.diff]
        assert ("removed", "version de Claire") in kinds
        assert ("added", "version de Paul") in kinds
        assert ("same", "ligne commune") in kinds
        # Nothing was written: the current text and its single revision stand.
        section = Section.objects.get(place=place, key=KEY)
        assert (section.revision, section.body) == (1, "ligne commune\nversion de Claire")
        assert Revision.objects.count() == 1

    def test_the_editor_saves_again_once_based_on_the_current_revision(
        self, place: Any, concierge: Any, occasional_concierge: Any
    ) -> None:
        save(place, concierge, "Claire", 0)
        with pytest.raises(SectionConflict) as caught:
            save(place, occasional_concierge, "Paul", 0)

        section = save(place, occasional_concierge, "Claire et Paul", caught.value.current_revision)

        assert section.revision == 2
        bodies = list(section.revisions.order_by("number").values_list("body", flat=True))
        assert bodies == ["Claire", "Claire et Paul"]

    def test_a_base_ahead_of_a_section_never_saved_is_a_conflict(
        self, place: Any, concierge: Any
    ) -> None:
        with pytest.raises(SectionConflict) as caught:
            save(place, concierge, "texte", 3)

        assert caught.value.current_revision == 0
        assert not Revision.objects.exists()

    def test_an_unchanged_text_writes_no_revision(self, place: Any, concierge: Any) -> None:
        save(place, concierge, "pareil", 0)

        section = save(place, concierge, "pareil", 1)

        assert section.revision == 1
        assert Revision.objects.count() == 1

    def test_windows_line_endings_are_normalised(self, place: Any, concierge: Any) -> None:
        section = save(place, concierge, "un\r\ndeux", 0)

        assert section.body == "un\ndeux"

    @pytest.mark.parametrize("who", ["nomad", "sister_concierge", "person"])
    def test_only_the_concierges_of_the_place_may_save(
        self, request: pytest.FixtureRequest, place: Any, who: str
    ) -> None:
        outsider = request.getfixturevalue(who)

        with pytest.raises(NotAllowed):
            save(place, outsider, "texte", 0)

        assert not Section.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"key": "le-blog"}, "key"),
            ({"body": "x" * (services.BODY_MAX_LENGTH + 1)}, "body"),
            ({"summary": "x" * (services.SUMMARY_MAX_LENGTH + 1)}, "summary"),
            ({"base": -1}, "base_revision"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_saved(
        self, place: Any, concierge: Any, changes: dict[str, Any], field: str
    ) -> None:
        args: dict[str, Any] = {"body": "texte", "base": 0, **changes}
        body, base = args.pop("body"), args.pop("base")

        with pytest.raises(InvalidInput) as caught:
            save(place, concierge, body, base, **args)

        assert caught.value.field == field
        assert not Section.objects.exists()


def test_diff_lines_keep_context_and_mark_skipped_stretches() -> None:
    old = "\n".join(f"ligne {i}" for i in range(20))
    new = old.replace("ligne 10", "ligne dix")

    lines = diff_lines(old, new, context=2)

    assert [line.kind for line in lines] == [
        "skipped", "same", "same", "removed", "added", "same", "same", "skipped",
    ]  # fmt: skip
    removed = next(line for line in lines if line.kind == "removed")
    assert (removed.text, removed.old, removed.new) == ("ligne 10", 11, None)
    assert "-ligne 10\n+ligne dix" in unified(old, new)


def test_diff_of_a_first_version_lists_every_line_as_added() -> None:
    lines = diff_lines("", "un\ndeux")

    assert [(line.kind, line.text, line.new) for line in lines] == [
        ("added", "un", 1),
        ("added", "deux", 2),
    ]


# --- Real concurrent saves (PostgreSQL) -------------------------------------------------------


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")


def race(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Every job in its own thread and transaction, released at once; returns "saved",
    "conflict" or the unexpected error of each."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
            outcomes[index] = "saved"
        except SectionConflict:
            outcomes[index] = "conflict"
        except Exception as error:  # recorded, so the assertion shows it
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def save_job(place_id: int, by: Any, body: str, base: int) -> Callable[[], Any]:
    def job() -> Any:
        return save(Place.objects.get(pk=place_id), by, body, base)

    return job


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True], ids=["first-save", "existing-section"])
def test_two_concurrent_edits_of_the_same_revision_save_exactly_one(
    place: Any, concierge: Any, occasional_concierge: Any, existing: bool
) -> None:
    needs_postgresql()
    base = 0
    if existing:
        save(place, concierge, "version d'origine", 0)
        base = 1

    outcomes = race(
        [
            save_job(place.pk, concierge, "texte de Claire", base),
            save_job(place.pk, occasional_concierge, "texte de Paul", base),
        ]
    )

    assert sorted(outcomes) == ["conflict", "saved"]
    section = Section.objects.get(place=place, key=KEY)
    assert section.revision == base + 1
    winner = "texte de Claire" if outcomes[0] == "saved" else "texte de Paul"
    assert section.body == winner
    numbers = list(section.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, base + 2))


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_many_concurrent_editors_each_based_on_the_latest_get_gap_free_revisions(
    place: Any, concierge: Any
) -> None:
    """Eight editors in a row, each retrying on a conflict with the current revision: every
    text ends up as exactly one revision, numbered 1 to 8, none lost."""
    needs_postgresql()
    texts = [f"texte {i}" for i in range(8)]

    def persistent(body: str) -> Callable[[], Any]:
        def job() -> Any:
            place_now = Place.objects.get(pk=place.pk)
            base = 0
            for _attempt in range(20):
                try:
                    return save(place_now, concierge, body, base)
                except SectionConflict as conflict:
                    base = conflict.current_revision
            raise AssertionError("never saved")

        return job

    outcomes = race([persistent(text) for text in texts])

    assert outcomes == ["saved"] * 8
    revisions = Revision.objects.filter(section__place=place).order_by("number")
    assert list(revisions.values_list("number", flat=True)) == list(range(1, 9))
    assert sorted(revisions.values_list("body", flat=True)) == sorted(texts)
