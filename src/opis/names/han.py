"""The written form of a Han name, so two names in characters meet only when written alike.

Han characters write a name by meaning, not sound: 柳 and 劉 are two Korean surnames (Yu) that
Mandarin also reads alike (liu), 城津 and 淸津 two ports. So a Han name is compared with another
Han name by its characters, never by a reading. Characters that are one character in another
print standard are made one first:

1. Unicode compatibility ideographs (the duplicate Hanja of Korean standards, U+F900–U+FAFF)
   become the unified ones (NFKC);
2. Korean and Japanese variant forms that Chinese traditional print writes otherwise
   (淸 -> 清, 晩 -> 晚) are replaced by ``data/han_variants.yaml``;
3. simplified characters become traditional with OpenCC (``s2t``): 毛泽东 -> 毛澤東, 刘 -> 劉.

Simplified to traditional, not the other way: OpenCC's t2s joins distinct traditional characters
(乾, 幹 and 干 all become 干), while s2t only joins characters a simplified text cannot tell apart.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Protocol

from opis.names._data import load


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def _variants() -> dict[int, str]:
    return str.maketrans({str(k): str(v) for k, v in load("han_variants")["variants"].items()})


@cache
def _s2t() -> _Converter:
    # Imported here: most processes that import opis.names never meet a Han character.
    import opencc

    converter: _Converter = opencc.OpenCC("s2t")
    return converter


@lru_cache(maxsize=1 << 16)
def written_form(text: str) -> str:
    """The one written form of Han text: ``毛泽东`` and ``毛澤東`` -> ``毛澤東``; ``淸津`` -> ``清津``.
    Characters outside the tables pass through; the result is stable (``written_form`` of it is itself)."""
    form = unicodedata.normalize("NFKC", text).translate(_variants())
    # OpenCC converts by phrase first, so one pass may leave a character its phrase kept
    # (丰仪 -> 丰儀, where 丰 alone is 豐): convert until nothing changes, so that a name and its
    # written form always meet. Each pass only turns simplified into traditional, so few are needed.
    for _ in range(8):
        converted = _s2t().convert(form)
        if converted == form:
            break
        form = converted
    return form
