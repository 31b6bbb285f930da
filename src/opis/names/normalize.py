"""Normalized name keys for exact-but-forgiving lookup: case, diacritics, hyphens, apostrophes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like marks used in romanizations (Ch'oe, Ch‘ŏngjin, Mar'ina) and soft/hard signs
# (ALA-LC ʹ ʺ, BGN/PCGN ’ ”).
_MARKS = "'’‘ʼʻ`´\"ʹʺ”“ˮ"
MARKS = _MARKS
_SEP = re.compile(r"[\s\-‐‑‒–—_.,·]+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and apostrophes, unify separators to one space.

    ``Chŏngjin`` -> ``chongjin``; ``Kim Il-sung`` -> ``kim il sung``; ``Ch'oe`` -> ``choe``.
    Cyrillic ё is folded to е (Russian texts use them interchangeably); Hangul and CJK pass through.
    """
    # Case-fold between two decompositions: compatibility letters such as ℂ or ᴬ only become
    # foldable once decomposed, and without this fold(fold(x)) could differ from fold(x).
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _MARKS)
    kept = unicodedata.normalize("NFC", kept)
    return _SEP.sub(" ", kept).strip()


@lru_cache(maxsize=1 << 16)  # a name's keys squash its words and runs many times over
def squash(text: str) -> str:
    """fold() without spaces: ``Kim Il Sung`` and ``Kimilsung`` meet here."""
    return fold(text).replace(" ", "")
