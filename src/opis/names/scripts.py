"""Which writing system a piece of text is in, and splitting names into word tokens."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from itertools import groupby

from opis.names.normalize import MARKS

# Breve, diaeresis and caron carry letters (й, ё, MR ŏ ŭ, pinyin ü, ISO 9 š č ž); stress and tone
# marks carry none. A pinyin third tone (ǎ) keeps its caron too: every key folds it away later.
_KEPT_MARKS = frozenset("\u0306\u0308\u030c")
_MARK_TABLE = str.maketrans("", "", MARKS)
_NON_WORD = re.compile(r"[\W_]+")


class Script(StrEnum):
    LATIN = "latin"  # also digits and any script without a scheme here
    CYRILLIC = "cyrillic"
    HANGUL = "hangul"
    HAN = "han"


def script_of(ch: str) -> Script:
    code = ord(ch)
    if 0x0400 <= code <= 0x052F:
        return Script.CYRILLIC
    if 0xAC00 <= code <= 0xD7A3:
        return Script.HANGUL
    if 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F:
        return Script.HAN
    return Script.LATIN


def clean(text: str) -> str:
    """NFC text without stress or tone marks: ``Шты́ков`` -> ``Штыков``, ``Máo`` -> ``Mao``; й, ё, ŏ stay."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch in _KEPT_MARKS)
    composed = unicodedata.normalize("NFC", kept)
    # A breve or diaeresis with no precomposed letter would split a word below.
    return "".join(ch for ch in composed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Word tokens: apostrophes join (``Ch'ŏngjin``), spaces, hyphens and punctuation split."""
    joined = clean(text).translate(_MARK_TABLE)
    return [w for w in _NON_WORD.split(joined) if w]


def runs(word: str) -> list[tuple[Script, str]]:
    """A word cut where the script changes: ``T-34`` stays whole, ``Ким2`` -> Cyrillic + Latin."""
    return [(script, "".join(chars)) for script, chars in groupby(word, script_of)]
