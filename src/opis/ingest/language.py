"""A small language guess for the languages opis's sources are written in: ru, en, ko, zh, ja.

Script first (Hangul → ko; kana → ja; Han without kana → zh; Cyrillic → ru; Latin → en). Then,
so that other languages in the same script are not mislabelled: Cyrillic text with letters
Russian lacks (Ukrainian і ї є ґ, Serbian ђ ј љ, Kazakh ә қ ...) or with Bulgarian's frequent ъ
is not ru; Latin text must have English function words, more than French/German/Spanish
ones, to be en. Russian is not asked for function words: telegrams and reports have few.
No model, no download: the answer is None when the evidence is thin.
"""

from __future__ import annotations

import re
from collections import Counter

# Each CJK character carries about as much as a short word, so it outweighs one letter.
_CJK_WEIGHT = 2
_MIN_LETTERS = 3
_MIN_STOPWORD_SHARE = 0.06  # of the words; English prose runs at 0.3-0.5, telegrams lower
_SHORT_TEXT_WORDS = 4  # below this, script alone decides (a heading, an OCR'd stamp)

_ENGLISH = frozenset("the of and to in is that for on with as by was it be at from this are "
                     "which or his he has had not an were have but its their they".split())
# Other Latin-script languages: text where these outnumber the English stopwords is not English.
_OTHER_LATIN = frozenset("le la les des du et est une dans pour qui der die das und ist nicht mit "
                         "den von el los las del y que en por con una".split())
# Cyrillic letters Russian does not use (Ukrainian, Belarusian, Serbian, Macedonian, Kazakh...).
_NOT_RUSSIAN = re.compile("[іїєґўђјљњћџѓќѕәғқңөұүһ]")
_MAX_FOREIGN_SHARE = 0.01
_MAX_HARD_SIGN_SHARE = 0.015  # ъ: under 0.1% of Russian letters, about 2% of Bulgarian
_WORD = re.compile(r"[^\W\d_]+")


def script_of(ch: str) -> str | None:
    """The script of one character, among those the guess distinguishes."""
    cp = ord(ch)
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return "hangul"
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "kana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
        return "han"
    if 0x0400 <= cp <= 0x04FF:
        return "cyrillic"
    if ch.isalpha() and (cp < 0x250 or 0x1E00 <= cp <= 0x1EFF):
        return "latin"
    return None


def _latin_class(first: int = 0) -> str:
    """The letters ``script_of`` calls Latin from code point ``first`` on, as regex ranges (computed
    once over at most 848 code points)."""
    letters = [cp for cp in (*range(first, 0x250), *range(0x1E00, 0x1F00)) if chr(cp).isalpha()]
    runs: list[str] = []
    start = prev = letters[0]
    for cp in (*letters[1:], -1):
        if cp != prev + 1:
            runs.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = cp
        prev = cp
    return "".join(runs)


# The same scripts as ``script_of``, as character classes: one regex count per script is about
# twenty times faster than a Python call per character.
_SCRIPTS = {
    "hangul": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"),
    "han": re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "latin": re.compile(f"[{_latin_class()}]"),
}


# Latin letters are most of an English text, and a regex count makes a string per letter: those
# below U+0100 are counted in bytes instead (every other character dropped by the Latin-1 encoder,
# then every non-letter by bytes.translate, both in C), the rest of the class by the regex.
_NOT_LETTER_BYTES = bytes(cp for cp in range(256) if not chr(cp).isalpha())
_WIDE_LATIN = re.compile(f"[{_latin_class(0x100)}]")


def _latin_count(text: str) -> int:
    """How many characters of ``text`` ``script_of`` calls Latin."""
    narrow = len(text.encode("latin-1", "ignore").translate(None, _NOT_LETTER_BYTES))
    return narrow + (0 if text.isascii() else len(_WIDE_LATIN.findall(text)))


def script_counts(text: str) -> Counter[str]:
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items() if name != "latin"}
    counts["latin"] = _latin_count(text)
    return Counter({name: n for name, n in counts.items() if n})


def guess_language(text: str) -> str | None:
    """'ru', 'en', 'ko', 'zh', 'ja', or None when the text is too short or in another language."""
    counts = script_counts(text[:200_000])
    if sum(counts.values()) < _MIN_LETTERS:
        return None
    cjk = counts["han"] + counts["kana"]
    weighted = {
        "hangul": counts["hangul"] * _CJK_WEIGHT,
        "cjk": cjk * _CJK_WEIGHT,
        "cyrillic": counts["cyrillic"],
        "latin": counts["latin"],
    }
    script = max(weighted, key=lambda k: weighted[k])
    if script == "hangul":
        return "ko"
    if script == "cjk":
        return "ja" if counts["kana"] >= 0.1 * cjk else "zh"
    if script == "cyrillic":
        return "ru" if _russian_letters(text[:200_000].lower(), counts["cyrillic"]) else None
    return "en" if _english_words(text) else None


def _russian_letters(text: str, cyrillic: int) -> bool:
    foreign = len(_NOT_RUSSIAN.findall(text))
    return foreign <= _MAX_FOREIGN_SHARE * cyrillic and text.count("ъ") <= _MAX_HARD_SIGN_SHARE * cyrillic


def _english_words(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text[:200_000])]
    if len(words) < _SHORT_TEXT_WORDS:
        return True
    hits = sum(1 for w in words if w in _ENGLISH)
    if sum(1 for w in words if w in _OTHER_LATIN) > hits:
        return False
    return hits >= _MIN_STOPWORD_SHARE * len(words)
