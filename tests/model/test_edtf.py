from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis.model.edtf import EdtfError, Precision, parse_edtf


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1950", date(1950, 1, 1), date(1950, 12, 31)),
        ("1950-05", date(1950, 5, 1), date(1950, 5, 31)),
        ("1950-02", date(1950, 2, 1), date(1950, 2, 28)),
        ("1948-02", date(1948, 2, 1), date(1948, 2, 29)),
        ("1950-06-25", date(1950, 6, 25), date(1950, 6, 25)),
        ("1950-05-21/1950-05-31", date(1950, 5, 21), date(1950, 5, 31)),
        ("1947-05~", date(1947, 5, 1), date(1947, 5, 31)),
        ("1950-06-25?", date(1950, 6, 25), date(1950, 6, 25)),
        ("195X", date(1950, 1, 1), date(1959, 12, 31)),
        ("19XX", date(1900, 1, 1), date(1999, 12, 31)),
        ("1950-XX", date(1950, 1, 1), date(1950, 12, 31)),
        ("1950-05-XX", date(1950, 5, 1), date(1950, 5, 31)),
        ("1946-21", date(1946, 3, 1), date(1946, 5, 31)),
        ("1946-22", date(1946, 6, 1), date(1946, 8, 31)),
        ("1946-23", date(1946, 9, 1), date(1946, 11, 30)),
        ("1950-24", date(1950, 1, 1), date(1950, 2, 28)),
        ("1946/1948", date(1946, 1, 1), date(1948, 12, 31)),
        ("1945-08/1948-09", date(1945, 8, 1), date(1948, 9, 30)),
        ("../1946-06-01", None, date(1946, 6, 1)),
        ("1947-10/..", date(1947, 10, 1), None),
        ("/1950", None, date(1950, 12, 31)),
    ],
)
def test_bounds(text: str, earliest: date | None, latest: date | None) -> None:
    value = parse_edtf(text)
    assert (value.earliest, value.latest) == (earliest, latest)


def test_qualifiers_and_precision() -> None:
    assert parse_edtf("1947-05~").approximate and not parse_edtf("1947-05~").uncertain
    assert parse_edtf("1950-06-25?").uncertain
    both = parse_edtf("1950%")
    assert both.uncertain and both.approximate
    assert parse_edtf("1950-05").start is not None
    assert parse_edtf("1950-05").start.precision is Precision.MONTH  # type: ignore[union-attr]
    assert parse_edtf("195X").start.precision is Precision.DECADE  # type: ignore[union-attr]
    assert parse_edtf("1946-22").start.precision is Precision.SEASON  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("1950-13", "out of range"),
        ("1950-02-30", "no such day"),
        ("May 1950", "not an EDTF date"),
        ("1950-05-21/1950-05-01", "ends before it starts"),
        ("../..", "at least one known end"),
        ("1950/1951/1952", "exactly one"),
        ("19X0", "come last"),
        ("1950-21-03", "season has no day"),
        ("195X-05", "fully known year"),
        ("0000", "no year 0"),
        ("0000-05~", "no year 0"),
    ],
)
def test_errors_say_why(text: str, fragment: str) -> None:
    with pytest.raises(EdtfError, match=fragment):
        parse_edtf(text)


def test_overlap() -> None:
    may = parse_edtf("1950-05")
    assert may.overlaps(date(1950, 5, 20), date(1950, 6, 30))
    assert parse_edtf("1950-05-21/1950-05-31").overlaps(may.earliest, may.latest)
    assert not may.overlaps(date(1950, 6, 1), None)
    assert parse_edtf("../1946").overlaps(date(1900, 1, 1), date(1900, 1, 2))


@given(st.text(max_size=40))
def test_never_crashes_with_anything_but_edtf_error(text: str) -> None:
    try:
        value = parse_edtf(text)
    except EdtfError:
        return
    if value.earliest and value.latest:
        assert value.earliest <= value.latest


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.integers(0, 400))
def test_day_and_interval_round_trip(day: date, span: int) -> None:
    assert parse_edtf(day.isoformat()).earliest == day
    end = min(day + timedelta(days=span), date(9999, 12, 31))
    value = parse_edtf(f"{day.isoformat()}/{end.isoformat()}")
    assert (value.earliest, value.latest) == (day, end)


def test_only_ascii_digits_are_edtf() -> None:
    with pytest.raises(EdtfError):
        parse_edtf("２０２０")
    with pytest.raises(EdtfError):
        parse_edtf("١٩٥٠-05")
