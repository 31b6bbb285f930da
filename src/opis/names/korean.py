"""Korean Hangul -> Revised Romanization, McCune–Reischauer and Kontsevich (Cyrillic).

``romanize("청진", "rr")`` -> ``Cheongjin``; ``"mr"`` -> ``Ch'ŏngjin``; ``"kontsevich"`` -> ``Чхонджин``.
With ``name=True`` a personal name is split into surname and given name: ``김일성`` ->
``Gim Ilseong`` / ``Kim Ilsŏng`` / ``Ким Ильсон``. Tables live in ``data/korean.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from opis.names._data import load
from opis.names.hangul import NO_INITIAL, Syllable, decompose, pronounce, surname_length

SCHEMES = ("rr", "mr", "kontsevich")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


@dataclass(frozen=True)
class KoreanScheme:
    initial: Mapping[str, str]
    voiced: Mapping[str, str]
    lateral: Mapping[str, str]
    vowel: Mapping[str, str]
    bare_vowel: Mapping[str, str]
    final: Mapping[str, str]
    final_before_vowel: Mapping[str, str]
    final_before_lateral: Mapping[str, str]


@cache
def scheme(scheme_id: str) -> KoreanScheme:
    schemes = load("korean")["schemes"]
    if scheme_id not in schemes:
        raise ValueError(f"unknown Korean scheme {scheme_id!r}; known: {', '.join(SCHEMES)}")
    raw = schemes[scheme_id]
    return KoreanScheme(
        **{
            name: {str(k): str(v) for k, v in (raw.get(name) or {}).items()}
            for name in KoreanScheme.__dataclass_fields__
        }
    )


@cache
def _voicing_finals() -> frozenset[str]:
    return frozenset(load("korean")["sound"]["voicing_finals"])


def spell_word(word: str, scheme_id: str) -> str:
    """One Hangul word (no spaces) in a scheme, lower case, with the sound changes applied."""
    return _spell(pronounce([decompose(ch) for ch in word]), scheme(scheme_id))


def _spell(syllables: Sequence[Syllable], table: KoreanScheme) -> str:
    parts = []
    for i, syl in enumerate(syllables):
        before = syllables[i - 1].final if i else None  # None: the word starts here
        after = syllables[i + 1].initial if i + 1 < len(syllables) else None
        vowel = table.bare_vowel.get(syl.vowel) if syl.initial == NO_INITIAL else None
        parts.append(
            _initial(syl.initial, before, table) + (vowel or table.vowel[syl.vowel]) + _final(syl.final, after, table)
        )
    return "".join(parts)


def _initial(initial: str, before: str | None, table: KoreanScheme) -> str:
    if before == "ㄹ" and initial in table.lateral:
        return table.lateral[initial]
    voiced = before is not None and (before == "" or before in _voicing_finals())
    if voiced and initial in table.voiced:
        return table.voiced[initial]
    return table.initial[initial]


def _final(final: str, after: str | None, table: KoreanScheme) -> str:
    if after == NO_INITIAL and final in table.final_before_vowel:
        return table.final_before_vowel[final]
    if after == "ㄹ" and final in table.final_before_lateral:
        return table.final_before_lateral[final]
    return table.final.get(final, "")


def spell_name(word: str, scheme_id: str) -> tuple[str, str]:
    """A personal name as (surname, given name), lower case.

    Given names are written syllable by syllable, as the hyphenated forms show (Kim Il-sŏng,
    Han Pok-nam, RR Han Boknam): each syllable's final is neutralized but there is no liaison
    or assimilation; only the voicing of a plain stop after a vowel or ㄴ ㄹ ㅁ ㅇ (Kim Tu-bong).
    """
    cut = surname_length(word)
    given = [pronounce([decompose(ch)])[0] for ch in word[cut:]]
    return spell_word(word[:cut], scheme_id), _spell(given, scheme(scheme_id))


def romanize(text: str, scheme_id: str = "rr", name: bool = False) -> str:
    """Every Hangul word of ``text`` in a scheme, capitalized; other characters are kept."""

    def one(match: re.Match[str]) -> str:
        word = match.group()
        if name and len(word) > 1:
            return " ".join(p.capitalize() for p in spell_name(word, scheme_id) if p)
        return spell_word(word, scheme_id).capitalize()

    return _HANGUL_WORD.sub(one, text)
