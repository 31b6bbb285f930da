"""EDTF values in words for readers: ``1950-06-25`` → "25 June 1950", ``1946-06~`` → "about June 1946".

Pages show these words; the EDTF string itself stays in the JSON and in the editing forms. Every
value `parse_edtf` accepts has words here, so a template never falls back to the raw syntax.
"""

from __future__ import annotations

import calendar

from opis.model.edtf import SEASONS, EdtfDate, EdtfError, Precision, parse_edtf

_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


def _plain(d: EdtfDate) -> str:
    """The value without qualifiers, at its own precision."""
    year = d.earliest.year
    if d.precision is Precision.DAY:
        return f"{d.earliest.day} {calendar.month_name[d.earliest.month]} {year}"
    if d.precision is Precision.MONTH:
        return f"{calendar.month_name[d.earliest.month]} {year}"
    if d.precision is Precision.SEASON:
        code = next(c for c, (first, _) in SEASONS.items() if first == d.earliest.month)
        return f"{_SEASON_NAMES[code]} {year}"
    if d.precision in (Precision.DECADE, Precision.CENTURY):
        width = 10 ** d.text[:4].count("X")  # 195X spans ten years, 19XX a hundred
        return f"{d.latest.year - d.latest.year % width}s"
    return str(year)


def date_words(d: EdtfDate) -> str:
    """One date with its qualifiers: "June 1950?", "about June 1946", "about 1950?"."""
    words = _plain(d)
    if d.approximate:
        words = f"about {words}"
    return f"{words}?" if d.uncertain else words


def readable(value: object) -> str:
    """The Jinja filter: words for an EDTF value (or a ``date``); text that is not EDTF is shown as it is."""
    text = str(value)
    try:
        return edtf_words(text)
    except EdtfError:
        return text


def edtf_words(text: str) -> str:
    """Words for an EDTF string; an interval reads "from …", "until …" or "A – B".

    Raises EdtfError (a ValueError) for text that is not EDTF, as `parse_edtf` does."""
    value = parse_edtf(text)
    if not value.is_interval:
        assert value.start is not None  # a single date always has its start
        return date_words(value.start)
    if value.start is None:
        assert value.end is not None  # parse_edtf refuses an interval with no known end
        return f"until {date_words(value.end)}"
    if value.end is None:
        return f"from {date_words(value.start)}"
    return f"{date_words(value.start)} – {date_words(value.end)}"
