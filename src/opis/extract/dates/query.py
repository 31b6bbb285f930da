"""A date as a reader types it into a From or To box, read as EDTF.

EDTF passes through; otherwise the running-text date grammar reads it ("March 1950", "1950s",
"25.06.1950", "май 1950", "late May 1950", "after March 1950"). Only a single date phrase that is
the whole input counts: two dates, or a date inside other words, are not guessed at; the caller
says so to the reader.
"""

from __future__ import annotations

from opis.extract.dates.running import find_dates
from opis.model.edtf import is_valid_edtf

MAX_QUERY_DATE = 60  # characters: a date box holds a date, not a paragraph
_EDGES = " \t.,;:()[]"


def read_date(text: str) -> str | None:
    """The EDTF value of ``text``, or None when it is not one date we can read."""
    value = text.strip()
    if not value or len(value) > MAX_QUERY_DATE:
        return None
    if is_valid_edtf(value):
        return value
    found = find_dates(value)
    if len(found) != 1:
        return None
    hit = found[0]
    rest = value[:hit["start"]] + value[hit["end"]:]
    return str(hit["edtf"]) if not rest.strip(_EDGES) else None
