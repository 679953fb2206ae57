"""Scale 1 and scale 10 side by side (issue #17, point 3)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from comptoir.devtools.bench import scales

HEAD = (
    "| page | as | status | SQL queries | median ms | median target | p95 ms | × floor "
    "| verdict |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n"
)


def report(*rows: str) -> str:
    return "# Benchmarks\n\n## Results\n\n" + HEAD + "\n".join(rows) + "\n\n## How to reproduce\n"


SMALL = report(
    "| Place `/lieux/a/` | anonymous | 200 | 4 | 10.0 | ≤ 30 | 12.0 | 2.0 | ok |",
    "| Person `/communaute/personnes/12/` | member | 200 | 5 | 8.0 | ≤ 30 | 9.0 | 1.5 | ok |",
    "| Directory `/communaute/` | concierge | 200 | 6 | 20.0 | ≤ 30 | 25.0 | 4.0 | ok |",
    "| Kiosk `/lieux/a/accueil/` | concierge | 200 | 9 | 30.0 | — | 40.0 | 6.0 | ok |",
)
LARGE = report(
    "| Place `/lieux/a/` | anonymous | 200 | 4 | 12.0 | ≤ 30 | 14.0 | 2.0 | ok |",
    # Another person id at the larger scale: the row is matched without its path.
    "| Person `/communaute/personnes/950/` | member | 200 | 5 | 16.0 | ≤ 30 | 20.0 | 3.0 | ok |",
    "| Directory `/communaute/` | concierge | 200 | 7 | 22.0 | ≤ 30 | 130.0 | 4.0 | ok |",
)


def test_rows_are_matched_without_their_paths_and_judged_on_the_three_targets():
    lines = scales.lines(SMALL, LARGE)
    table = {line.split("|")[1].strip(): line for line in lines if line.startswith("| ")}
    assert table["Place"].rstrip().endswith("| 1.20 | 14.0 | ok |")
    assert "| 2.00 | 20.0 | over (ratio) |" in table["Person"]
    assert "over (queries, p95)" in table["Directory"]
    assert "Kiosk" not in table  # not measured at the larger scale
    assert "**1 of 3 rows ok.**" in "\n".join(lines)


def test_the_command_writes_the_section_without_measuring(tmp_path: Path):
    small, large, output = (tmp_path / name for name in ("s.md", "l.md", "out.md"))
    small.write_text(SMALL)
    large.write_text(LARGE)
    output.write_text(SMALL)
    call_command(
        "comptoir_bench", compare=[str(small), str(large)], output=str(output), stdout=StringIO()
    )
    written = output.read_text()
    assert scales.HEADING in written and "| Place | anonymous | 4 | 4 | 10.0 | 12.0 |" in written
    assert written.index(scales.HEADING) < written.index("## How to reproduce")
    assert "| Kiosk `/lieux/a/accueil/` |" in written  # the rest of the report is kept
