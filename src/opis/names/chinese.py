"""Chinese characters -> Hanyu Pinyin (via pypinyin's dictionary), Wade–Giles and Palladius.

``romanize("毛泽东", "pinyin", name=True)`` -> ``Mao Zedong``; ``"wade-giles"`` -> ``Mao Tse-tung``;
``"palladius"`` -> ``Мао Цзэдун``. The syllable table lives in ``data/chinese.yaml``.
Characters are read in Mandarin only: Korean or Japanese readings of the same characters are not given.
"""

from __future__ import annotations

import re
from functools import cache

from opis.names._data import load

SCHEMES = ("pinyin", "wade-giles", "palladius")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_MAX_PARSES = 8
_LONGEST_PALLADIUS = 6  # чжуань, цзюань


@cache
def _table() -> dict[str, tuple[str, str]]:
    return {str(k): (str(v[0]), str(v[1])) for k, v in load("chinese")["syllables"].items()}


@cache
def _compound_surnames() -> frozenset[str]:
    return frozenset(load("chinese")["compound_surnames"])


def syllables(text: str) -> list[str]:
    """Toneless pinyin of Han text, one syllable per character: ``周恩来`` -> ``['zhou', 'en', 'lai']``."""
    # Imported here: its phrase dictionary takes half a second to load, and most processes that
    # import opis.names (the CLI, every sandboxed parser) never meet a Han character.
    from pypinyin import Style, lazy_pinyin

    return [s.strip() for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True) if s.strip()]


def convert(syllable: str, scheme_id: str) -> str:
    """One toneless pinyin syllable in another scheme: ``ze`` -> ``tsê`` / ``цзэ``; unknown ones unchanged."""
    if scheme_id == "pinyin":
        return syllable
    row = _table().get(syllable)
    if row is None:
        return syllable
    return row[SCHEMES.index(scheme_id) - 1]


def join(parts: list[str], scheme_id: str) -> str:
    """Syllables as one word: pinyin ``Xi'an``, Wade–Giles ``Tse-tung``, Palladius ``Цзэдун``."""
    if not parts:
        return ""
    if scheme_id == "wade-giles":
        word = "-".join(parts)
    elif scheme_id == "pinyin":
        word = parts[0] + "".join("'" + p if p[0] in "aeo" else p for p in parts[1:])
    else:
        word = "".join(parts)
    return word[:1].upper() + word[1:]


def spell(text: str, scheme_id: str) -> list[str]:
    """Each syllable of Han text in a scheme, lower case."""
    if scheme_id not in SCHEMES:
        raise ValueError(f"unknown Chinese scheme {scheme_id!r}; known: {', '.join(SCHEMES)}")
    return [convert(s, scheme_id) for s in syllables(text)]


def romanize(text: str, scheme_id: str = "pinyin", name: bool = False) -> str:
    """Every run of Han characters in a scheme; with ``name`` the surname is written apart."""

    def one(match: re.Match[str]) -> str:
        run = match.group()
        cut = 2 if run[:2] in _compound_surnames() else 1
        if not name or len(run) <= cut:
            return join(spell(run, scheme_id), scheme_id)
        return f"{join(spell(run[:cut], scheme_id), scheme_id)} {join(spell(run[cut:], scheme_id), scheme_id)}"

    return _HAN_RUN.sub(one, text)


@cache
def _from_palladius() -> dict[str, tuple[str, ...]]:
    reverse: dict[str, tuple[str, ...]] = {}
    for pinyin, (_, cyrillic) in _table().items():
        reverse[cyrillic] = (*reverse.get(cyrillic, ()), pinyin)
    return reverse


def from_palladius(word: str) -> tuple[tuple[str, ...], ...]:
    """Pinyin readings of a Cyrillic word written in Palladius: ``Цзэдун`` -> ``(('ze', 'dong'),)``.

    Empty when the word does not divide into Palladius syllables, as for most Russian words. At
    most ``_MAX_PARSES`` readings, longest first syllables first.
    """
    lower = word.lower()
    table = _from_palladius()
    n = len(lower)
    # Built from the end, without recursion (a thousand letters would overflow the stack): each
    # position keeps its first readings as (syllable, next position, which reading there), so the
    # work is linear in the word and only the kept readings are spelled out at the end.
    links: list[list[tuple[str, int, int]]] = [[] for _ in range(n)] + [[("", -1, -1)]]
    for start in range(n - 1, -1, -1):
        found = links[start]
        for end in range(min(n, start + _LONGEST_PALLADIUS), start, -1):
            for pinyin in table.get(lower[start:end], ()):
                for rest in range(len(links[end])):
                    if len(found) == _MAX_PARSES:
                        break
                    found.append((pinyin, end, rest))
    return tuple(_spelled(links, k) for k in range(len(links[0]))) if n else ((),)


def _spelled(links: list[list[tuple[str, int, int]]], k: int) -> tuple[str, ...]:
    out: list[str] = []
    position = 0
    while position < len(links) - 1:
        pinyin, position, k = links[position][k]
        out.append(pinyin)
    return tuple(out)
