"""Turning parsed date phrases into EDTF strings that opis.model.edtf parses back.

A value's two ends are EDTF dates of their own precision: "late May 1950" runs from 1950-05-21 to
1950-05-31, "the end of 1946" from 1946-10 to 1946-12, "the middle 1940s" from 1944 to 1946. A
value whose ends coincide is written once ("1946-22", "194X"); otherwise as an interval.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from opis.extract.dates.grammar import Found, Point
from opis.extract.dates.vocab import Part, load
from opis.model.edtf import Precision, parse_edtf

_SEASON_MONTHS = {21: (3, 4, 5), 22: (6, 7, 8), 23: (9, 10, 11), 24: (1, 2)}


def endpoints(p: Point) -> tuple[str, str]:
    """The EDTF of the first and of the last value a point may denote."""
    part = load().parts[p.part] if p.part else None
    if p.century is not None:
        text = f"{p.century - 1:02d}XX"
        return text, text
    if p.decade is not None:
        if part:
            return f"{p.decade + part.decade[0]:04d}", f"{p.decade + part.decade[1]:04d}"
        text = f"{p.decade // 10:03d}X"
        return text, text
    if p.year is None:
        raise ValueError("a point needs its year before it becomes EDTF")
    return _within_year(p, p.year, part)


def _within_year(p: Point, y: int, part: Part | None) -> tuple[str, str]:
    if p.season is not None:
        if part is None:
            return f"{y:04d}-{p.season}", f"{y:04d}-{p.season}"
        months = _SEASON_MONTHS[p.season]
        lo, hi = (min(k, len(months)) - 1 for k in part.season)
        return f"{y:04d}-{months[lo]:02d}", f"{y:04d}-{months[hi]:02d}"
    if p.month is None:
        if part is None:
            return f"{y:04d}", f"{y:04d}"
        return f"{y:04d}-{part.year[0]:02d}", f"{y:04d}-{part.year[1]:02d}"
    ym = f"{y:04d}-{p.month:02d}"
    if p.day is not None:
        return f"{ym}-{p.day:02d}", f"{ym}-{p.day:02d}"
    if part is None:
        return ym, ym
    last = calendar.monthrange(y, p.month)[1]
    return f"{ym}-{min(part.month[0], last):02d}", f"{ym}-{min(part.month[1], last):02d}"


def to_edtf(found: Found) -> str:
    """EDTF for a phrase whose points all have their years; raises EdtfError if it is not a date."""
    lo, hi = found.lo, found.hi
    if found.mode == "point" and lo is not None:
        a, b = endpoints(lo)
        text = a if a == b else f"{a}/{b}"
    elif found.mode == "range" and lo is not None and hi is not None:
        a, b = endpoints(lo)[0], endpoints(hi)[1]
        text = a if a == b else f"{a}/{b}"
    elif found.mode == "by" and hi is not None:
        text = f"../{endpoints(hi)[1]}"
    elif found.mode == "before" and hi is not None:
        text = f"../{shift(endpoints(hi)[0], -1)}"
    elif found.mode == "since" and lo is not None:
        text = f"{endpoints(lo)[0]}/.."
    elif found.mode == "after" and lo is not None:
        text = f"{shift(endpoints(lo)[1], 1)}/.."
    else:
        raise ValueError(f"incomplete date phrase: {found}")
    parse_edtf(text)  # raises EdtfError for impossible values (31 June, an interval running backwards)
    return text


def shift(edtf: str, step: int) -> str:
    """The value just after (step 1) or before (step -1) ``edtf``, at its precision (days for seasons)."""
    value = parse_edtf(edtf)
    edge = value.latest if step > 0 else value.earliest
    if edge is None or value.start is None:
        raise ValueError(f"no edge to step from: {edtf}")
    day: date = edge + timedelta(days=step)
    precision = value.start.precision
    if precision in (Precision.YEAR, Precision.DECADE, Precision.CENTURY):
        return f"{day.year:04d}"
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
