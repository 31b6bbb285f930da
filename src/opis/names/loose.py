"""The loose phonetic key: a consonant skeleton on which romanizations of one sound agree.

``Shtykov`` and ``Shtikov`` -> ``xtakav``; ``Chongjin``, ``Cheongjin``, ``Ch'ŏngjin`` and the
Russian-romanized ``Chkhondzhin`` -> ``cancan``... see ``data/loose.yaml`` for the classes. The fine
skeleton keeps four vowel classes (``xtikov``, ``concin``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from opis.names._data import load
from opis.names.normalize import squash


@cache
def _rules(fine: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    data = load("loose")
    symbol = {str(spelling): str(cls) for cls, spellings in data["classes"].items() for spelling in spellings}
    if fine:
        symbol.update({str(k): str(v) for k, v in data["fine_vowels"].items()})
    else:
        symbol.update(dict.fromkeys(str(data["vowels"]), str(data["vowel"])))
    # Longest spelling first so that ``chkh`` wins over ``ch`` and ``kh``.
    pattern = re.compile("|".join(re.escape(s) for s in sorted(symbol, key=len, reverse=True)))
    return pattern, symbol


@cache
def _letters() -> dict[int, str]:
    """Háček letters spelled out before diacritics fold away: ISO 9 Štykov is Shtykov, not Stykov."""
    return str.maketrans({str(k): str(v) for k, v in load("loose")["letters"].items()})


def spelled_out(latin: str) -> str:
    """Lower-case text with its háček letters written as digraphs: ``Štykov`` -> ``shtykov``."""
    return unicodedata.normalize("NFC", latin.lower()).translate(_letters())


def skeleton(latin: str, fine: bool = False) -> str:
    """The loose key body of Latin text; characters outside the tables are kept as they are.
    ``fine`` keeps the vowel classes a, e, i and o apart (``Changjin`` -> ``cancin``, ``Chongjin``
    -> ``concin``); the coarse key makes every vowel run ``a`` (both ``cancan``)."""
    pattern, symbol = _rules(fine)
    coded = pattern.sub(lambda m: symbol[m.group()], squash(spelled_out(latin)))
    return _collapse(coded)


def _collapse(coded: str) -> str:
    """Runs of one class become one symbol: ``kk`` -> ``k``, ``aa`` (a vowel run) -> ``a``."""
    out: list[str] = []
    for ch in coded:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)
