"""Russian Cyrillic -> Latin under ALA-LC, BGN/PCGN, ISO 9, scholarly and common English usage.

``romanize("Штыков", "ala-lc")`` -> ``Shtykov``; ``variants("Терентий")`` ->
``Terentiy, Terenty, Terentii, Terenti``. Tables live in ``data/russian.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from opis.names._data import load
from opis.names.scripts import clean
from opis.names.translit import Scheme, spell

SCHEMES = ("ala-lc", "bgn-pcgn", "iso9", "scholarly", "common")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]+")
# Primes and quote-like signs that stand for ъ/ь in romanized text.
_SIGNS = str.maketrans("", "", "ʹʺ’”")


@cache
def scheme(scheme_id: str) -> Scheme:
    data = load("russian")
    if scheme_id not in data["schemes"]:
        raise ValueError(f"unknown Russian scheme {scheme_id!r}; known: {', '.join(SCHEMES)}")
    return Scheme.from_data(scheme_id, data["schemes"][scheme_id], data["vowels"])


def variants(word: str, scheme_id: str = "common") -> tuple[str, ...]:
    """Every spelling of one Cyrillic word under a scheme, the preferred one first."""
    return spell(scheme(scheme_id), clean(word))


def romanize(text: str, scheme_id: str = "ala-lc") -> str:
    """The preferred romanization of every Cyrillic word in ``text``; other characters are kept."""
    table = scheme(scheme_id)
    return _CYRILLIC_WORD.sub(lambda m: spell(table, m.group())[0], clean(text))


def plain(text: str) -> str:
    """Romanized text without diacritics, ligature ties or sign marks, case kept: ``T͡Svetaeva`` -> ``Tsvetaeva``."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SIGNS))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def romanizations(word: str) -> dict[str, tuple[str, ...]]:
    """Every scheme's spellings of one word (``{"ala-lc": ("Shtykov",), ...}``)."""
    return {s: variants(word, s) for s in SCHEMES}
