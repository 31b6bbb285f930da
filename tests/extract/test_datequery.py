"""Dates typed into a From/To box: EDTF, or one date phrase the running-text grammar reads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis.extract.dates.query import MAX_QUERY_DATE, read_date
from opis.model.edtf import is_valid_edtf


@pytest.mark.parametrize(
    ("typed", "edtf"),
    [
        ("1950-05", "1950-05"),
        ("March 1950", "1950-03"),
        ("1950s", "195X"),
        ("25.06.1950", "1950-06-25"),
        ("June 25, 1950", "1950-06-25"),
        ("spring 1950", "1950-21"),
        ("май 1950", "1950-05"),
        (" 1950. ", "1950"),
    ],
)
def test_reads_what_readers_type(typed: str, edtf: str) -> None:
    assert read_date(typed) == edtf


@pytest.mark.parametrize("typed", ["", "someday", "1950 and 1951", "letters of March 1950", "0000",
                                   "1950 " * MAX_QUERY_DATE])
def test_leaves_what_is_not_one_date(typed: str) -> None:
    assert read_date(typed) is None


@given(st.text(max_size=40))
def test_answers_edtf_or_none(typed: str) -> None:
    read = read_date(typed)
    assert read is None or is_valid_edtf(read)
