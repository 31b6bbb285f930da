"""Hangul syllables as jamo (by Unicode arithmetic) and the sound changes between syllables.

Romanizations of Korean spell the pronunciation, so 독립 is romanized from [동닙]; ``pronounce``
applies the standard boundary rules (liaison, final neutralization, aspiration, palatalization,
nasal and lateral assimilation) from the tables in ``data/korean.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from opis.names._data import load

_BASE = 0xAC00
_COUNT = 19 * 21 * 28
_PER_INITIAL = 21 * 28
NO_INITIAL = "ㅇ"  # the silent initial of a vowel-first syllable


@dataclass(frozen=True)
class Syllable:
    initial: str  # compatibility jamo; ㅇ when the syllable starts with a vowel
    vowel: str
    final: str  # "" when there is none


@cache
def _jamo() -> Any:
    return load("korean")


def _sound() -> Any:
    return _jamo()["sound"]


def is_syllable(ch: str) -> bool:
    return len(ch) == 1 and 0 <= ord(ch) - _BASE < _COUNT


def decompose(ch: str) -> Syllable:
    """``청`` -> Syllable("ㅊ", "ㅓ", "ㅇ"). Raises ValueError for anything but a Hangul syllable."""
    if not is_syllable(ch):
        raise ValueError(f"{ch!r} is not a precomposed Hangul syllable")
    code = ord(ch) - _BASE
    table = _jamo()
    return Syllable(
        table["initials"][code // _PER_INITIAL], table["vowels"][code % _PER_INITIAL // 28], table["finals"][code % 28]
    )


def compose(syllable: Syllable) -> str:
    """The inverse of ``decompose``."""
    table = _jamo()
    index = (table["initials"].index(syllable.initial) * 21 + table["vowels"].index(syllable.vowel)) * 28
    return chr(_BASE + index + table["finals"].index(syllable.final))


def pronounce(syllables: Sequence[Syllable]) -> tuple[Syllable, ...]:
    """The syllables of one word as pronounced: every final reduced to ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅇ."""
    out = list(syllables)
    for i in range(len(out) - 1):
        out[i], out[i + 1] = _boundary(out[i], out[i + 1])
    if out:
        out[-1] = replace(out[-1], final=_neutral(out[-1].final))
    return tuple(out)


def _boundary(left: Syllable, right: Syllable) -> tuple[Syllable, Syllable]:
    final, initial = _merge(left.final, right.initial, right.vowel)
    final = _neutral(final)
    pair = _sound()["assimilate"].get(final + initial)
    if pair:
        final, initial = pair[0], pair[1]
    return replace(left, final=final), replace(right, initial=initial)


def _merge(final: str, initial: str, vowel: str) -> tuple[str, str]:
    """Palatalization, ㅎ-aspiration and liaison (a final carried over to a vowel-first syllable)."""
    sound = _sound()
    first, second = sound["complex"].get(final, [final, final])[:2]
    if final in sound["palatal"] and initial == NO_INITIAL and vowel == "ㅣ":
        return "", sound["palatal"][final]
    if second == "ㅎ" and initial in sound["aspirate"]:
        return ("" if first == "ㅎ" else first), sound["aspirate"][initial]
    if initial != NO_INITIAL or final in ("", NO_INITIAL):
        return final, initial
    if second == "ㅎ":  # ㅎ is silent before a vowel; the other half of ㄶ/ㅀ moves over
        return "", ("" if first == "ㅎ" else first) or NO_INITIAL
    if first != second:
        return first, second
    return "", final


def _neutral(final: str) -> str:
    sound = _sound()
    if final in sound["complex"]:
        return str(sound["complex"][final][2])
    return str(sound["neutral"].get(final, final))


def surname_length(syllables: str) -> int:
    """How many syllables of a personal name are the surname: 2 for 남궁, 황보 ...; otherwise 1."""
    return 2 if syllables[:2] in _jamo()["compound_surnames"] else 1
