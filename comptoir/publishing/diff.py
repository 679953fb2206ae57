"""Line diffs between two versions of a section, for the history and for edit conflicts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

Kind = Literal["same", "added", "removed", "skipped"]


@dataclass(frozen=True)
class DiffLine:
    kind: Kind
    text: str
    # Line numbers in the old and the new text (1-based; None when absent from that side).
    old: int | None = None
    new: int | None = None

    @property
    def sign(self) -> str:
        return {"same": " ", "added": "+", "removed": "-", "skipped": "…"}[self.kind]


def diff_lines(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """The changed lines of `new` against `old`, with `context` unchanged lines around each
    change; longer unchanged stretches become one "skipped" line."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    last_old = 0
    for group_index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if group_index or group[0][1] > 0:
            lines.append(DiffLine("skipped", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
                continue
            lines += [DiffLine("removed", a[i], old=i + 1) for i in range(i1, i2)]
            lines += [DiffLine("added", b[j], new=j + 1) for j in range(j1, j2)]
        last_old = group[-1][2]
    if lines and last_old < len(a):
        lines.append(DiffLine("skipped", ""))
    return lines


def unified(old: str, new: str, *, old_name: str = "", new_name: str = "") -> str:
    """The classic unified diff text (for the API and the JSON export)."""
    return "\n".join(
        difflib.unified_diff(
            (old or "").splitlines(),
            (new or "").splitlines(),
            old_name,
            new_name,
            lineterm="",
        )
    )
