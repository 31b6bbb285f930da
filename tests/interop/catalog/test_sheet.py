from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis.interop.catalog.sheet import (
    COLUMNS,
    SheetError,
    csv_rows,
    is_formula,
    map_columns,
    safe_cell,
    unsafe_cell,
    write_csv,
    xlsx_rows,
)

DATA = Path(__file__).parents[2] / "data" / "catalog"


def test_russian_headers_map_and_semicolon_is_found() -> None:
    rows = list(csv_rows((DATA / "korea-1950.csv").read_text(encoding="utf-8")))
    fields = map_columns(rows[0])
    assert set(fields.values()) == {"key", "title", "date", "reference", "people", "genre", "languages", "summary"}
    assert rows[1][3] == "АВП РФ, ф. 0102, оп. 6, п. 21, д. 47"


def test_mapping_file_names_other_headers_and_unknown_fields_are_refused() -> None:
    assert map_columns(["Inv. no", "Heading"], {"Inv. no": "key", "heading": "title"}) == {0: "key", 1: "title"}
    with pytest.raises(SheetError, match="unknown field"):
        map_columns(["a"], {"a": "colour"})
    with pytest.raises(SheetError, match="title"):
        map_columns(["key", "date"])
    with pytest.raises(SheetError, match="two columns"):
        map_columns(["title", "заголовок"])


def test_formula_cells() -> None:
    assert is_formula('=HYPERLINK("http://x")') and is_formula("@SUM(A1)") and not is_formula("-5")
    assert safe_cell("=1+1") == "'=1+1" and unsafe_cell("'=1+1") == "=1+1" and unsafe_cell("'quoted") == "'quoted"


@given(st.text())
def test_safe_cell_round_trips(text: str) -> None:
    assert unsafe_cell(safe_cell(text)) == text or text.startswith("'")


def test_written_csv_reads_back() -> None:
    row = {c: f"{c} value, with; \"quotes\"" for c in COLUMNS}
    back = list(csv_rows(write_csv([row])))
    assert back == [list(COLUMNS), [row[c] for c in COLUMNS]]


def test_broken_xlsx_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(SheetError, match="not a readable XLSX"):
        list(xlsx_rows(bad))


def test_xlsx_rows(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "date", "key"])
    sheet.append(["Письмо", datetime(1950, 6, 25), 7])
    book.save(tmp_path / "s.xlsx")
    assert list(xlsx_rows(tmp_path / "s.xlsx")) == [["title", "date", "key"], ["Письмо", "1950-06-25", "7"]]


def test_xlsx_formula_cell_comes_as_written(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title"])
    sheet.append(['=HYPERLINK("http://example.org","x")'])
    book.save(tmp_path / "f.xlsx")
    cell = list(xlsx_rows(tmp_path / "f.xlsx"))[1][0]
    assert cell.startswith("=HYPERLINK") and is_formula(cell)


_CELL = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@given(st.lists(st.fixed_dictionaries({c: _CELL for c in COLUMNS}), min_size=1, max_size=5))
def test_any_cells_read_back_as_written(rows: list[dict[str, str]]) -> None:
    back = list(csv_rows(write_csv(rows)))
    assert back[0] == list(COLUMNS)
    assert [[unsafe_cell(c) for c in row] for row in back[1:]] == [
        [r[c] if not r[c].startswith("'") else unsafe_cell(r[c]) for c in COLUMNS] for r in rows]
