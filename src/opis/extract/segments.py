"""Cut a footnote into its citations: at semicolons outside brackets and quotes, dropping lead-ins
("See for example:", "См. также") and gluing back pieces that are not citations (a comment that
itself holds a semicolon).
"""

from __future__ import annotations

import re
from functools import cache

from opis.extract.ibid import find_backref
from opis.extract.levels import find_levels
from opis.extract.terms import alternation, forms

OPENERS = {"(": ")", "[": "]", "«": "»", "“": "”"}
CITATION_HINT = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|https?://|\*[^*]+\*|RG\s\d|\d{3}\.\d+[A-Z]?\d*/")


@cache
def _lead_in_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{alternation(forms('lead_ins'))})(?![\w])[\s:,]*")


def strip_lead_in(text: str) -> str:
    return _lead_in_re().sub("", text, count=1).strip()


def _split_top_level(text: str) -> list[str]:
    pieces, closers, current = [], [], ""
    for ch in text:
        if ch in OPENERS:
            closers.append(OPENERS[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        if ch == ";" and not closers:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def looks_like_citation(text: str) -> bool:
    """Whether a piece of a footnote reads as a reference rather than a comment."""
    text = strip_lead_in(text)
    return bool(find_backref(text) or find_levels(text).fields or CITATION_HINT.search(text))


def split_citations(text: str) -> list[str]:
    """The citations of one footnote, lead-ins removed, in order."""
    merged: list[str] = []
    for piece in _split_top_level(text):
        if merged and not looks_like_citation(piece):
            merged[-1] += ";" + piece
        elif piece.strip():
            merged.append(piece)
    return [c for c in (strip_lead_in(m) for m in merged) if c]
