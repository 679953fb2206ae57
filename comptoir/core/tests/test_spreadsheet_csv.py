"""The spreadsheet CSV convention: one regular table, `;`, decimal comma, UTF-8 BOM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from comptoir.core.spreadsheet_csv import cell, money, table_csv
from comptoir.core.tests.csv_checks import read_spreadsheet_csv


def test_numbers_take_a_decimal_comma_and_dates_iso_8601():
    values = [1, 1.5, 2.0, Decimal("3.10"), None, dt.date(2026, 7, 14), "a;b"]
    assert [cell(v) for v in values] == ["1", "1,5", "2", "3,1", "", "2026-07-14", "a;b"]
    assert (money(2400), money(5), money(-150)) == ("24,00", "0,05", "-1,50")


def test_a_table_is_read_back_by_pandas_with_its_numbers():
    body = table_csv(["Name", "Hours"], [["Salle; Jaune", 1.5], ["Atelier", 2]])

    frame = read_spreadsheet_csv(body.encode("utf-8"))

    assert frame.to_dict("list") == {"Name": ["Salle; Jaune", "Atelier"], "Hours": [1.5, 2.0]}


def test_a_row_of_another_length_is_refused():
    with pytest.raises(ValueError):
        table_csv(["A", "B"], [["only one"]])
