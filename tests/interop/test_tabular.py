"""CSV and JSON Lines rows, with spreadsheet formulas disarmed."""

from __future__ import annotations

import csv
import io
import json

import pytest

from opis.interop import CiteContext
from opis.interop.tabular import COLUMNS, csv_header, csv_row, jsonl_row, safe_cell
from tests.web import rich


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_prefixed(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


def test_plain_cells_are_unchanged() -> None:
    assert safe_cell("1947-05") == "1947-05" and safe_cell(None) == "" and safe_cell(12) == "12"


def test_rows_share_columns() -> None:
    ctx = CiteContext("https://h")
    rows = list(csv.DictReader(io.StringIO(csv_header() + csv_row(rich.LETTER, ctx))))
    assert list(rows[0]) == list(COLUMNS) and rows[0]["edtf"] == "1947-05-21"
    assert rows[0]["archival_reference"].startswith("RGAE. F. 413.") and rows[0]["recipients"] == "Ким Ир Сен"
    assert json.loads(jsonl_row(rich.LETTER, ctx))["archive_place"] == "Moscow"
