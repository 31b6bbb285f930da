"""EDTF dates as citation formats take them, keeping the precision the archive recorded.

A month stays a month (CSL ``[1947, 5]``, RIS ``1947/05//``); a season keeps its season; a fuzzy
date is marked ``circa``; an interval becomes a CSL range. What a format cannot say (an open
end, "by October 1947") is passed as the wording found in the document.
"""

from __future__ import annotations

from typing import Any

from opis.model import DocDate
from opis.model.edtf import SEASONS, EdtfDate, Precision, parse_edtf

# CSL numbers seasons 1-4 from spring; EDTF codes them 21-24 in the same order.
_CSL_SEASON = {code: code - 20 for code in SEASONS}


def _parts(d: EdtfDate) -> list[int]:
    if d.precision is Precision.DAY:
        return [d.earliest.year, d.earliest.month, d.earliest.day]
    if d.precision is Precision.MONTH:
        return [d.earliest.year, d.earliest.month]
    return [d.earliest.year]


def _season(d: EdtfDate) -> int | None:
    if d.precision is not Precision.SEASON:
        return None
    return _CSL_SEASON[int(d.text.rstrip("?~%")[5:7])]


def csl_date(date: DocDate | None) -> dict[str, Any] | None:
    """A CSL date object: ``date-parts`` (one or two), ``season``, ``circa``; or a ``literal``."""
    if date is None:
        return None
    value = parse_edtf(date.edtf)
    ends = [value.start, value.end] if value.is_interval else [value.start]
    if any(e is None for e in ends):
        return {"literal": date.text or date.edtf}
    known = [e for e in ends if e is not None]
    if len(known) == 1 and known[0].precision in (Precision.DECADE, Precision.CENTURY):
        out: dict[str, Any] = {"date-parts": [[known[0].earliest.year], [known[0].latest.year]]}
    else:
        out = {"date-parts": [_parts(e) for e in known]}
        season = _season(known[0])
        if season and len(known) == 1:
            out["season"] = season
    if any(e.approximate or e.uncertain for e in known):
        out["circa"] = True
    return out


def first_parts(date: DocDate | None) -> list[int]:
    """The first date's parts (year[, month[, day]]), or [] when there is no known start."""
    if date is None:
        return []
    value = parse_edtf(date.edtf)
    start = value.start or value.end
    return _parts(start) if start else []


def ris_date(date: DocDate | None) -> str:
    """RIS ``DA``: ``YYYY/MM/DD/other`` with empty fields for what is not known."""
    parts = first_parts(date)
    if not parts:
        return ""
    fields = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]
    fields += [""] * (3 - len(fields))
    note = date.text if date and date.text else ""
    return "/".join(fields) + "/" + note.replace("/", " ")


def slashed(date: DocDate | None) -> str:
    """``1947/05/21``, ``1947/05`` or ``1947``: the form Highwire's citation_date takes."""
    parts = first_parts(date)
    return "/".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) if parts else ""


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_SEASON_WORDS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


def _words(d: EdtfDate) -> str:
    e = d.earliest
    if d.precision is Precision.DAY:
        out = f"{_MONTHS[e.month - 1]} {e.day}, {e.year}"
    elif d.precision is Precision.MONTH:
        out = f"{_MONTHS[e.month - 1]} {e.year}"
    elif d.precision is Precision.SEASON:
        out = f"{_SEASON_WORDS[int(d.text.rstrip('?~%')[5:7])]} {e.year}"  # Chicago 8.87: seasons lower case
    elif d.precision is Precision.DECADE:
        out = f"{e.year}s"
    elif d.precision is Precision.CENTURY:
        out = f"{e.year}s"
    else:
        out = str(e.year)
    if d.approximate:
        out = f"ca. {out}"
    return f"[{out}?]" if d.uncertain else out


def _span(a: EdtfDate, b: EdtfDate) -> str:
    """Two dates joined by an en dash, what they share said once (Chicago 6.78): October 7–11, 1945."""
    x, y = a.earliest, b.earliest
    plain = not (a.uncertain or b.uncertain or a.approximate or b.approximate)
    if plain and a.precision is b.precision is Precision.DAY and x.year == y.year:
        if x.month == y.month:
            return f"{_MONTHS[x.month - 1]} {x.day}–{y.day}, {x.year}"
        return f"{_MONTHS[x.month - 1]} {x.day}–{_MONTHS[y.month - 1]} {y.day}, {x.year}"
    if plain and a.precision is b.precision is Precision.MONTH and x.year == y.year:
        return f"{_MONTHS[x.month - 1]}–{_MONTHS[y.month - 1]} {x.year}"
    return f"{_words(a)}–{_words(b)}"


def chicago_date(date: DocDate | None) -> str:
    """A date as Chicago notes write it: ``May 21, 1947``, ``summer 1946``, ``[1946?]``, ``ca. 1950``,
    ``October 7–11, 1945``, ``1940s``; an interval with one end unknown in its own words when the document
    gives them ("by October 1947"), else ``2016 or later``; ``n.d.`` with no date (Chicago 14.231)."""
    if date is None:
        return "n.d."
    value = parse_edtf(date.edtf)
    if value.start is not None and value.end is not None:
        same = value.start == value.end or not value.is_interval
        return _words(value.start) if same else _span(value.start, value.end)
    if date.text:
        return " ".join(date.text.split()).rstrip(".")
    if value.start is not None:
        return f"{_words(value.start)} or later"
    if value.end is not None:
        return f"{_words(value.end)} or earlier"
    return "n.d."
