"""The volume a FRUS document is printed in, as a citation needs it: series, year span and title of the
volume, its number in Chicago's abbreviation ("vol. 7, pt. 2"), editors, imprint, and per document the
number, first page and the Office of the Historian's page for it."""

from __future__ import annotations

import re
from typing import Any

from opis.ingest.teitext import NS, one_line
from opis.model import Edition

HISTORIAN = "https://history.state.gov/historicaldocuments"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMBER = re.compile(r"Volume\s+([IVXLC]+|\d+)(?:\s*,\s*Part\s+(\d+))?", re.IGNORECASE)


def roman(text: str) -> int:
    """``XXIII`` → 23 (the subtractive rule: a smaller numeral before a larger one is taken away)."""
    values = [_ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def volume_number(text: str) -> str:
    """``Volume VII, Part 2`` → ``vol. 7, pt. 2`` (Chicago 14.117 abbreviates and uses arabic numerals)."""
    m = _NUMBER.search(text)
    if m is None:
        return ""
    number = m.group(1)
    out = f"vol. {number if number.isdigit() else roman(number)}"
    return f"{out}, pt. {m.group(2)}" if m.group(2) else out


def _title(root: Any, kind: str) -> str:
    el = root.find(f".//tei:titleStmt/tei:title[@type='{kind}']", NS)
    return one_line(el) if el is not None else ""


def _imprint(root: Any, path: str) -> str:
    el = root.find(f".//tei:publicationStmt/{path}", NS)
    return one_line(el) if el is not None else ""


def volume_edition(root: Any, complete_title: str) -> Edition:
    """The volume's part of every document's edition (no document number or page yet)."""
    series, years, subject = _title(root, "series"), _title(root, "sub-series"), _title(root, "volume")
    parts = [p for p in (series, years, subject) if p]
    title = ", ".join(parts) if series else complete_title
    editors = [one_line(e) for e in root.findall(".//tei:titleStmt/tei:editor[@role='primary']", NS)]
    publisher = _imprint(root, "tei:publisher").removeprefix("United States ")
    return Edition(series=series, title=title, volume=volume_number(_title(root, "volume-number") or complete_title),
                   editors=[e for e in editors if e], place=_imprint(root, "tei:pubPlace"), publisher=publisher,
                   year=_imprint(root, "tei:date[@type='publication-date']"))


def document_edition(volume: Edition, volume_id: str, xml_id: str, number: str | None, page: str | None) -> Edition:
    return volume.model_copy(update={"document": number or "", "page": page or "",
                                     "url": f"{HISTORIAN}/{volume_id}/{xml_id}"})
