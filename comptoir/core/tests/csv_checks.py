"""The independent reading of the CSV exports: pandas, as a spreadsheet-minded consumer
would, must see one regular table (one header row, every row the same number of fields)."""

from __future__ import annotations

import codecs
import csv
import io

import pandas as pd


def regular_fields(text: str, sep: str) -> int:
    """The one field count of every row (fails on a header block above a table)."""
    counts = {len(row) for row in csv.reader(io.StringIO(text), delimiter=sep)}
    assert len(counts) == 1, f"rows of {sorted(counts)} fields: not one table"
    return counts.pop()


def read_spreadsheet_csv(content: bytes) -> pd.DataFrame:
    """The spreadsheet convention: UTF-8 with a BOM, `;`, decimal comma."""
    assert content.startswith(codecs.BOM_UTF8)
    width = regular_fields(content.decode("utf-8-sig"), ";")
    frame = pd.read_csv(
        io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig", on_bad_lines="error"
    )
    assert frame.shape[1] == width
    assert not any(str(name).startswith("Unnamed") for name in frame.columns)
    return frame
