from __future__ import annotations

from datetime import date

import pytest

from opis.index.dates import DateFilterError, DateRange


def test_bounds_from_edtf() -> None:
    assert DateRange.from_edtf("1950-05", "1950-06") == DateRange(date(1950, 5, 1), date(1950, 6, 30))
    assert DateRange.from_edtf("195X", None) == DateRange(date(1950, 1, 1), None)
    assert DateRange.from_edtf(None, "1950-21") == DateRange(None, date(1950, 5, 31))  # spring
    assert DateRange.from_edtf("1949/1950", "1952/1953") == DateRange(date(1949, 1, 1), date(1953, 12, 31))
    assert DateRange.from_edtf("", " ").is_open


def test_bad_bounds_say_why() -> None:
    with pytest.raises(DateFilterError, match="from"):
        DateRange.from_edtf("May 1950", None)
    with pytest.raises(DateFilterError, match="before it starts"):
        DateRange.from_edtf("1951", "1950")
