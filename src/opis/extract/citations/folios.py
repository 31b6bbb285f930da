"""Folio and page ranges: the patterns that find them and their normalized form.

Normal form: no spaces, ASCII hyphen for every dash, ``ob`` for a verso however written, items of a
list joined by a comma: ``L. 52 – 113`` -> ``52-113``, ``лл. 193-194 об.`` -> ``193-194ob``,
``Л. 8, 11–12`` -> ``8,11-12``.
"""

from __future__ import annotations

import re
from functools import cache

from opis.extract.citations.terms import forms, verso_pattern

DASH = r"[-‐‑‒–—]"


@cache
def folio_pattern() -> str:
    """A folio expression: numbers with optional versos, ranges, comma-separated lists."""
    one = rf"\d+(?:\s*{verso_pattern()})?"
    span = rf"{one}(?:\s*{DASH}\s*{one})?"
    return rf"{span}(?:\s*,\s*{span})*"


PAGE_SPAN = rf"\d+(?:\s*{DASH}\s*\d+)?"
PAGE_PATTERN = rf"{PAGE_SPAN}(?:\s*,\s*{PAGE_SPAN})*"


@cache
def _verso_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{'|'.join(re.escape(v) for v in sorted(forms('verso'), key=len, reverse=True))})\.?")


def normalize_folios(text: str) -> str:
    """``193-194 об.`` -> ``193-194ob``; see the module docstring."""
    items = []
    for item in re.split(r"\s*,\s*", text.strip().rstrip(".")):
        item = _verso_re().sub("ob", item)
        item = re.sub(DASH, "-", item)
        items.append(re.sub(r"[\s.]", "", item))
    return ",".join(i for i in items if i)


def normalize_pages(text: str) -> str:
    """``8 – 22`` -> ``8-22``; lists as ``12,14-15``."""
    spans = re.split(r"\s*,\s*", text.strip().rstrip("."))
    return ",".join(re.sub(r"\s+", "", re.sub(DASH, "-", s)) for s in spans if s)
