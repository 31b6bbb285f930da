"""Tables in text: finding them across page breaks, captions, cell values, and arithmetic checks."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.base import EXTRACTORS, ExtractContext
from opis.extract.tables import cell_value, extract_tables, find_tables, table_from_rows
from tests.extract.devset import DEVSET, DEVSET_NAMES, devset_text


@pytest.mark.parametrize("name", DEVSET_NAMES)
def test_devset(name: str) -> None:
    gold = json.loads((DEVSET / name / "tables.json").read_text(encoding="utf-8"))
    found = find_tables(devset_text(name))
    keys = ("caption", "header", "rows", "checks")
    assert [{k: t[k] for k in keys} for t in found] == [{k: g[k] for k in keys} for g in gold]
    assert [t.get("caption_footnote") for t in found] == [g.get("caption_footnote") for g in gold]


def test_seed_staff_table_totals_hold() -> None:
    staff = find_tables(devset_text("seed-004"))[0]
    totals = [(c["column"], c["stated"], c["computed"], c["ok"]) for c in staff["checks"]
              if c["check"] == "column_total"]
    assert totals == [("General need", 170, 170, True), ("Presence for 1.06.46.", 43, 43, True),
                      ("Required additionally", 127, 127, True)]
    assert staff["caption_footnote"] == "17"
    assert staff["row_roles"][0] == "section" and staff["row_roles"][-1] == "total"


@pytest.mark.parametrize(
    ("cell", "value"),
    [("-", 0), ("", None), ("5 253 t", 5253), ("for 3,7 mln. rubles", 3700000), ("170", 170), ("3,5", 3.5),
     ("Coal", None), ("Presence for 1.06.46.", None)],
)
def test_cell_values(cell: str, value: object) -> None:
    assert cell_value(cell) == value


def test_a_wrong_total_and_a_wrong_row_are_reported_honestly() -> None:
    rows = [["a", "5", "2", "3"], ["b", "4", "1", "3"], ["c", "2", "2", "-"], ["d", "1", "-", "1"],
            ["e", "3", "1", "1"], ["f", "6", "3", "3"], ["g", "7", "4", "3"], ["h", "2", "1", "1"],
            ["i", "4", "2", "2"]]
    table = table_from_rows([["Item", "Need", "Have", "Lack"], *rows, ["Total", "35", "16", "17"]], caption="Demo")
    totals = {c["column"]: (c["stated"], c["computed"], c["ok"]) for c in table["checks"]
              if c["check"] == "column_total"}
    assert totals == {"Need": (35, 34, False), "Have": (16, 16, True), "Lack": (17, 17, True)}
    (identity,) = [c for c in table["checks"] if c["check"] == "row_identity"]
    assert identity["formula"] == "Need = Have + Lack" and identity["ok"] is False
    assert identity["rows_checked"] == 10
    assert identity["failures"] == [{"row": 4, "label": "e", "stated": 3, "computed": 2},
                                    {"row": 9, "label": "Total", "stated": 35, "computed": 33}]


def test_subtotals_are_checked_and_not_counted_twice() -> None:
    table = table_from_rows([["№", "Trade", "Need"], ["1", "Engineers:", "5"], ["", "A) chemists", "2"],
                             ["", "B) miners", "3"], ["2", "Typists:", "4"], ["", "Total:", "9"]])
    assert table["row_roles"] == ["subtotal", "item", "item", "item", "total"]
    assert [(c["check"], c["stated"], c["computed"], c["ok"]) for c in table["checks"]] == [
        ("column_total", 9, 9, True), ("subtotal", 5, 5, True)]


def test_space_aligned_table_with_caption() -> None:
    text = ("Before.\n\nTable 1. Coal, tons\n\nYear     Mined      Shipped\n1946     1 200      800\n"
            "1947     1 500      900\nTotal    2 700      1 700\n\nAfter the table, prose again.")
    (table,) = find_tables(text)
    assert table["caption"] == "Table 1. Coal, tons" and table["header"] == ["Year", "Mined", "Shipped"]
    assert [c["ok"] for c in table["checks"]] == [True, True]
    assert text[table["start"] : table["end"]].startswith("Year")


def test_prose_with_double_spaces_is_not_a_table() -> None:
    prose = ("This is a long sentence of ordinary prose that goes on.  And another sentence follows it here.\n"
             "Yet another long line of ordinary prose that goes on and on.  With a second sentence in it too.\n")
    assert find_tables(prose) == []


def test_registered() -> None:
    assert EXTRACTORS.get("tables").run is extract_tables
    assert extract_tables(ExtractContext("a\t1\t2\nb\t3\t4\n"))[0]["rows"] == [["a", "1", "2"], ["b", "3", "4"]]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=3, max_size=12))
def test_generated_tables_check_out(rows: list[tuple[int, int]]) -> None:
    cells = [["Item", "Need", "Have", "Lack"]]
    cells += [[f"row {k}", str(a + b), str(a) if a else "-", str(b) if b else "-"] for k, (a, b) in enumerate(rows)]
    sums = (sum(a + b for a, b in rows), sum(a for a, _ in rows), sum(b for _, b in rows))
    cells.append(["Total:", *map(str, sums)])
    text = "Generated table\n\n" + "\n".join("\t".join(r) for r in cells) + "\n"
    (table,) = find_tables(text)
    assert all(c["ok"] for c in table["checks"])
    assert len([c for c in table["checks"] if c["check"] == "column_total"]) == 3
