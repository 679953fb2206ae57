"""The Business Model Canvas: each save is a revision; a save based on an old revision is
refused with what changed since (nothing silently lost), even when two saves race."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from comptoir.core.exceptions import InvalidInput, NotAllowed
from comptoir.incubator import selectors, services
from comptoir.incubator.models import Canvas, CanvasRevision


@pytest.fixture
def canvas(incubation: Any) -> Canvas:
    return Canvas.objects.get(incubation=incubation)


@pytest.mark.django_db
def test_each_save_is_a_revision(canvas: Canvas, project_lead: Any) -> None:
    services.canvas_save(
        canvas=canvas,
        blocks={"value_propositions": "Un fablab qui roule"},
        base_revision=0,
        by=project_lead,
    )
    services.canvas_save(
        canvas=canvas,
        blocks={"value_propositions": "Un fablab qui roule", "channels": "Les marchés"},
        base_revision=1,
        by=project_lead,
    )
    canvas.refresh_from_db()
    assert canvas.revision == 2
    assert canvas.channels == "Les marchés"
    first, second = CanvasRevision.objects.filter(canvas=canvas).order_by("number")
    assert (first.number, first.channels, first.author) == (1, "", project_lead)
    assert second.value_propositions == "Un fablab qui roule"


@pytest.mark.django_db
def test_saving_the_same_text_makes_no_revision(canvas: Canvas, project_lead: Any) -> None:
    services.canvas_save(canvas=canvas, blocks={"channels": "x"}, base_revision=0, by=project_lead)
    services.canvas_save(
        canvas=canvas, blocks={"channels": "  x  "}, base_revision=1, by=project_lead
    )
    assert CanvasRevision.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_save_is_refused_with_what_changed(
    canvas: Canvas,
    project_lead: Any,
    mentor: Any,
) -> None:
    services.canvas_save(
        canvas=canvas, blocks={"channels": "Le site"}, base_revision=0, by=project_lead
    )
    services.canvas_save(
        canvas=canvas,
        blocks={"channels": "Le site et les marchés", "cost_structure": "Loyer"},
        base_revision=1,
        by=mentor,
    )
    with pytest.raises(services.CanvasConflict) as conflict:
        services.canvas_save(
            canvas=canvas,
            blocks={"channels": "Le bouche à oreille"},
            base_revision=1,
            by=project_lead,
        )
    assert conflict.value.code == "canvas_conflict"
    assert conflict.value.current_revision == 2
    assert [(c.block, c.before, c.after) for c in conflict.value.changes] == [
        ("channels", "Le site", "Le site et les marchés"),
        ("cost_structure", "", "Loyer"),
    ]
    canvas.refresh_from_db()
    assert canvas.channels == "Le site et les marchés"
    assert CanvasRevision.objects.count() == 2


@pytest.mark.django_db
def test_it_refuses_bad_blocks_and_unknown_revisions(canvas: Canvas, project_lead: Any) -> None:
    for blocks, base in (
        ({"channels": "x" * (services.BLOCK_MAX + 1)}, 0),
        ({"nope": "x"}, 0),
        ({"channels": "a\x00b"}, 0),
        ({"channels": "x"}, 7),
        ({"channels": "x"}, -1),
    ):
        with pytest.raises(InvalidInput):
            services.canvas_save(canvas=canvas, blocks=blocks, base_revision=base, by=project_lead)
    assert not CanvasRevision.objects.exists()


@pytest.mark.django_db
def test_only_leads_mentors_and_concierges_edit(
    canvas: Canvas, contributor: Any, concierge: Any
) -> None:
    with pytest.raises(NotAllowed):
        services.canvas_save(
            canvas=canvas, blocks={"channels": "x"}, base_revision=0, by=contributor
        )
    services.canvas_save(canvas=canvas, blocks={"channels": "x"}, base_revision=0, by=concierge)
    assert CanvasRevision.objects.count() == 1


@pytest.mark.django_db
def test_the_history_shows_word_diffs_newest_first(
    canvas: Canvas, project_lead: Any, django_assert_num_queries: Any
) -> None:
    for number, text in enumerate(["Un fablab", "Un fablab mobile", "Un atelier mobile"]):
        services.canvas_save(
            canvas=canvas,
            blocks={"value_propositions": text},
            base_revision=number,
            by=project_lead,
        )
    with django_assert_num_queries(1):
        history = selectors.canvas_history(canvas=canvas)
    assert [row.revision.number for row in history.rows] == [3, 2, 1]
    latest = history.rows[0].diffs[0]
    assert latest.block == "value_propositions"
    assert [(s.op, s.text) for s in latest.segments if s.op != "same"] == [
        ("del", "fablab"),
        ("add", "atelier"),
    ]
    assert history.rows[2].diffs[0].segments == [selectors.Segment("add", "Un fablab")]


@pytest.mark.django_db
def test_the_history_pages_diff_across_the_page_border(canvas: Canvas, project_lead: Any) -> None:
    total = selectors.HISTORY_PAGE + 2
    for number in range(total):
        services.canvas_save(
            canvas=canvas, blocks={"channels": f"v{number}"}, base_revision=number, by=project_lead
        )
    first = selectors.canvas_history(canvas=canvas)
    second = selectors.canvas_history(canvas=canvas, page=2)
    assert first.has_next and not second.has_next and second.has_previous
    assert [row.revision.number for row in second.rows] == [2, 1]
    assert ("del", "v0") in [(s.op, s.text) for s in second.rows[0].diffs[0].segments]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_once_lose_nothing(
    canvas: Canvas,
    project_lead: Any,
    mentor: Any,
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(who: Any, text: str) -> None:
        try:
            barrier.wait()
            services.canvas_save(canvas=canvas, blocks={"channels": text}, base_revision=0, by=who)
            outcomes.append("saved")
        except services.CanvasConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(project_lead, "Le site")),
        threading.Thread(target=save, args=(mentor, "Les marchés")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    canvas.refresh_from_db()
    assert canvas.revision == 1
    assert CanvasRevision.objects.filter(canvas=canvas).count() == 1
