"""Extended Date/Time Format (EDTF, ISO 8601-2) values: levels 0 and 1, as archives need them.

A date keeps its precision: ``1950-05`` stays a month and is never turned into a day. What
searching and sorting need is the interval of days the value may denote, ``earliest`` to
``latest`` (both inclusive); open interval ends (``..``) and unknown ends (empty) give ``None``.

Supported: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; qualifiers ``?`` (uncertain), ``~``
(approximate) and ``%`` (both) at the end of a date; unspecified digits ``X`` (``195X``,
``1950-XX``, ``1950-05-XX``); seasons ``YYYY-21``..``YYYY-24``; intervals ``A/B`` with open
(``..``) or unknown (empty) ends. Years run from 1 to 9999 (Python's calendar).

Seasons follow the project's convention (docs/extraction.md): spring = March–May, summer =
June–August, autumn = September–November, winter of Y = January–February of Y.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache


class EdtfError(ValueError):
    """The text is not an EDTF value opis understands; the message says why."""


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


# Season code -> (first month, last month); a data table, not logic.
SEASONS: dict[int, tuple[int, int]] = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (1, 2)}

_DATE_RE = re.compile(
    r"^(?P<year>\d{2}[\dX]{2})(?:-(?P<month>[\dX]{2})(?:-(?P<day>[\dX]{2}))?)?(?P<q>[?~%])?$",
    re.ASCII,  # EDTF digits are 0-9; full-width or other scripts' digits are not EDTF
)


@dataclass(frozen=True)
class EdtfDate:
    """One calendar value with its precision and qualifiers."""

    text: str
    earliest: date
    latest: date
    precision: Precision
    uncertain: bool = False
    approximate: bool = False


@dataclass(frozen=True)
class Edtf:
    """A parsed EDTF string: a single date or an interval."""

    text: str
    start: EdtfDate | None
    end: EdtfDate | None
    is_interval: bool
    open_start: bool = False
    open_end: bool = False

    @property
    def earliest(self) -> date | None:
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> date | None:
        return self.end.latest if self.end else None

    @property
    def uncertain(self) -> bool:
        return any(d.uncertain for d in (self.start, self.end) if d)

    @property
    def approximate(self) -> bool:
        return any(d.approximate for d in (self.start, self.end) if d)

    def overlaps(self, lo: date | None, hi: date | None) -> bool:
        """True when this value's days and the closed range lo..hi share a day (None = unbounded)."""
        mine_lo, mine_hi = self.earliest or date.min, self.latest or date.max
        return mine_lo <= (hi or date.max) and (lo or date.min) <= mine_hi


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _year_span(raw: str) -> tuple[int, int, Precision]:
    unspecified = raw.count("X")
    if "X" in raw.rstrip("X"):
        raise EdtfError(f"unspecified digits must come last in the year: {raw!r}")
    lo, hi = int(raw.replace("X", "0")), int(raw.replace("X", "9"))
    if hi < 1:
        raise EdtfError(f"years run from 0001; there is no year 0: {raw!r}")
    if lo < 1:
        lo = 1
    precision = {0: Precision.YEAR, 1: Precision.DECADE}.get(unspecified, Precision.CENTURY)
    return lo, hi, precision


def _parse_date(raw: str) -> EdtfDate:
    m = _DATE_RE.match(raw)
    if not m:
        raise EdtfError(f"not an EDTF date: {raw!r} (expected e.g. 1950, 1950-05, 1950-05-21, 1950-21)")
    q = m["q"] or ""
    y_lo, y_hi, precision = _year_span(m["year"])
    month, day = m["month"], m["day"]
    if month is None or month == "XX":
        if day not in (None, "XX"):
            raise EdtfError(f"a day needs a known month: {raw!r}")
        lo, hi = date(y_lo, 1, 1), date(y_hi, 12, 31)
        return _dated(raw, lo, hi, precision, q)
    if "X" in month:
        raise EdtfError(f"a month is either two digits or XX: {raw!r}")
    if precision is not Precision.YEAR:
        raise EdtfError(f"a month needs a fully known year: {raw!r}")
    mon = int(month)
    if mon in SEASONS:
        if day is not None:
            raise EdtfError(f"a season has no day: {raw!r}")
        first, last = SEASONS[mon]
        return _dated(raw, date(y_lo, first, 1), date(y_lo, last, _last_day(y_lo, last)), Precision.SEASON, q)
    if not 1 <= mon <= 12:
        raise EdtfError(f"month {mon} is out of range (01-12, or 21-24 for seasons): {raw!r}")
    if day is None or day == "XX":
        return _dated(raw, date(y_lo, mon, 1), date(y_lo, mon, _last_day(y_lo, mon)), Precision.MONTH, q)
    if "X" in day:
        raise EdtfError(f"a day is either two digits or XX: {raw!r}")
    try:
        exact = date(y_lo, mon, int(day))
    except ValueError as exc:
        raise EdtfError(f"no such day: {raw!r} ({exc})") from None
    return _dated(raw, exact, exact, Precision.DAY, q)


def _dated(raw: str, lo: date, hi: date, precision: Precision, q: str) -> EdtfDate:
    return EdtfDate(raw, lo, hi, precision, uncertain=q in "?%" and q != "", approximate=q in "~%" and q != "")


@lru_cache(maxsize=65536)
def parse_edtf(text: str) -> Edtf:
    """Parse an EDTF string or raise EdtfError with a message a person can act on.

    Cached: values are frozen, and a record's earliest and latest days are read far more often
    than its date is written."""
    value = text.strip()
    if not value:
        raise EdtfError("an empty string is not a date")
    if "/" not in value:
        d = _parse_date(value)
        return Edtf(value, d, d, is_interval=False)
    if value.count("/") > 1:
        raise EdtfError(f"an interval has exactly one '/': {value!r}")
    left, right = value.split("/")
    start = None if left in ("", "..") else _parse_date(left)
    end = None if right in ("", "..") else _parse_date(right)
    if start is None and end is None:
        raise EdtfError(f"an interval needs at least one known end: {value!r}")
    if start and end and start.earliest > end.latest:
        raise EdtfError(f"the interval ends before it starts: {value!r}")
    return Edtf(value, start, end, is_interval=True, open_start=left == "..", open_end=right == "..")


def is_valid_edtf(text: str) -> bool:
    try:
        parse_edtf(text)
    except EdtfError:
        return False
    return True
