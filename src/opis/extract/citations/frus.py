"""Foreign Relations of the United States cited as a series: ``Foreign Relations, 1948, vol. vi, p. 1164``,
``FRUS, 1952–1954, Germany and Austria, 189–90``, ``FRUS 1950, vol. VII, doc. 86``, ``FRUS 1950, 7:148–50``.

Fields: ``title`` (always "Foreign Relations of the United States"), ``year`` (the volume's years as
printed), ``volume`` (number and part, or the subject title), ``pages``, and ``document`` when a
document number is given. The citation is found anywhere in a note ("For text, see Foreign Relations,
…"); what comes before it is left as the note's prose.
"""

from __future__ import annotations

import re
from typing import Any

SERIES = "Foreign Relations of the United States"
NUMBER = r"\d+(?:\s*[-–]\s*\d+)?"
FRUS = re.compile(
    r"(?:Foreign Relations of the United States|Foreign Relations|FRUS)\.?,?\s*"
    r"(?P<year>1[89]\d\d(?:\s*[-–]\s*(?:1[89]|20)?\d\d)?)"
    rf"(?:,\s*(?P<colon_vol>\d+):\s*(?P<colon_pages>{NUMBER})"
    r"|,?\s*(?:vol\.|Vol\.|volume|Volume)\s*(?P<vol>[IVXLivxl\d]+(?:,?\s*[Pp]art\s*\d+)?)"
    r"|,\s*(?P<subject>[A-Z][A-Za-z ,'’-]*?[A-Za-z])(?=,\s*(?:pp?\.\s*|doc\.\s*|Document\s*)?\d))?"
    rf"(?:,?\s*(?:(?:doc\.|Document|document)\s*(?P<doc>\d+))|,?\s*(?:pp?\.\s*)?(?P<pages>{NUMBER}"
    rf"(?:\s*(?:,|and)\s*{NUMBER})*))?"
)


def _pages(text: str) -> str:
    spans = re.split(r"\s*(?:,|and)\s*", text.strip())
    return ",".join(re.sub(r"\s*[-–]\s*", "-", s) for s in spans if s)


PUBLICATION_BLOCK = re.compile(r"\([^()]*:[^()]*\b1[89]\d\d\)")


def find_frus(text: str) -> tuple[int, dict[str, Any]] | None:
    """(where it starts, fields) of the first FRUS citation in ``text``, or None. A volume cited as a book,
    with its publication block (``(Washington, DC: Government Printing Office, 1976)``), is left to the
    bibliographic parser, which keeps the year of publication."""
    found = FRUS.search(text)
    if not found or PUBLICATION_BLOCK.search(text, found.end()):
        return None
    pages = found.group("pages") or found.group("colon_pages")
    fields: dict[str, Any] = {
        "title": SERIES,
        "year": found.group("year"),
        "volume": found.group("vol") or found.group("subject") or found.group("colon_vol"),
        "pages": _pages(pages) if pages else None,
    }
    if found.group("doc"):
        fields["document"] = found.group("doc")
    return found.start(), fields
