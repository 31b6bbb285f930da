"""Script-neutral match keys for names: the API the index and search layers use.

A name in any script gets a set of keys: its spellings under every transliteration scheme
(folded: lower case, no diacritics, no spaces) plus one loose phonetic key, prefixed ``~``, for
near-misses between schemes. Two names match when their key sets intersect::

    names_match("Штыков", "Shtykov")            # exact: BGN/PCGN, ALA-LC ... spell it so
    names_match("청진", "Ch'ŏngjin")             # exact: McCune–Reischauer
    names_match("毛泽东", "Mao Tse-tung")        # exact: Wade–Giles
    names_match("Kim Il Sung", "김일성")          # loose: sung/sŏng differ only in the vowel

Multi-word names are keyed as a whole (``Kim Il Sung`` = ``Kimilsung``), so a shared surname
alone never makes two names match; ``token_keys`` keys one word for a search analyzer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product

from opis.names import chinese, korean, russian
from opis.names.hangul import surname_length
from opis.names.loose import skeleton
from opis.names.normalize import squash
from opis.names.scripts import Script, runs, words

LOOSE_PREFIX = "~"
_ANY = "*"  # a Latin run reads the same in every scheme family
_MAX_JOINED = 64  # whole-name spellings kept per scheme family
# A single-script run longer than this is no name (the longest names run to about 30 letters): it is
# keyed by its folded letters only, as a Latin run is, so a hostile run of a million letters costs a
# linear pass instead of every scheme's spellings and readings.
MAX_NAME_RUN = 64
_SIGNS = str.maketrans("", "", "ъь")


@dataclass(frozen=True)
class RunForms:
    """The folded spellings of one single-script run, grouped by scheme family."""

    families: Mapping[str, tuple[str, ...]] = field(hash=False)
    primary: str  # the one spelling used when families cannot be lined up
    loose_source: str  # the Latin spelling the loose key is built from


def cyrillic_key(text: str) -> str:
    """Cyrillic folded, with ъ and ь dropped as romanizations drop their primes: Пхеньян = Пхёнъян."""
    return squash(text).translate(_SIGNS)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _latin(run: str) -> RunForms:
    key = squash(run)
    return RunForms({_ANY: (key,)}, key, run)


def _cyrillic(run: str) -> RunForms:
    families = {s: _unique(squash(v) for v in russian.variants(run, s)) for s in russian.SCHEMES}
    families["cyrillic"] = (cyrillic_key(run),)
    readings = chinese.from_palladius(run)  # a Chinese name in Palladius: Цзэдун = Zedong
    if readings:
        families["pinyin"] = _unique("".join(r) for r in readings)
        families["wade-giles"] = _unique(squash("".join(chinese.convert(s, "wade-giles") for s in r)) for r in readings)
    common = russian.variants(run, "common")[0]
    return RunForms(families, squash(common), common)


def _hangul(run: str) -> RunForms:
    families: dict[str, tuple[str, ...]] = {}
    as_name = 1 < len(run) <= 3 + surname_length(run)  # 2-4 syllables could be a personal name
    for scheme_id, family in (("rr", "rr"), ("mr", "mr"), ("kontsevich", "cyrillic")):
        place = korean.spell_word(run, scheme_id)
        # A name is also spelled with the surname apart: Kim Tubong, not Kimdubong.
        name = "".join(korean.spell_name(run, scheme_id)) if as_name else ""
        key = cyrillic_key if family == "cyrillic" else squash
        families[family] = _unique((key(place), key(name)))
    mr = korean.spell_word(run, "mr")
    return RunForms(families, families["mr"][0], mr)


def _han(run: str) -> RunForms:
    syllables = chinese.syllables(run)
    pinyin = "".join(syllables)
    families = {
        "pinyin": (squash(pinyin),),
        "wade-giles": (squash("".join(chinese.convert(s, "wade-giles") for s in syllables)),),
        "cyrillic": (cyrillic_key("".join(chinese.convert(s, "palladius") for s in syllables)),),
    }
    return RunForms(families, squash(pinyin), pinyin)


_BY_SCRIPT = {Script.LATIN: _latin, Script.CYRILLIC: _cyrillic, Script.HANGUL: _hangul, Script.HAN: _han}


@lru_cache(maxsize=1 << 16)
def run_forms(script: Script, run: str) -> RunForms:
    return _latin(run) if len(run) > MAX_NAME_RUN else _BY_SCRIPT[script](run)


def _runs_of(text: str) -> tuple[tuple[Script, str], ...]:
    return tuple(part for word in words(text) for part in runs(word))


def _joined(forms: Sequence[RunForms]) -> set[str]:
    """Whole-name keys: the runs' spellings concatenated within each scheme family."""
    keys = {"".join(f.primary for f in forms)}
    families = {name for f in forms for name in f.families if name != _ANY}
    for family in families:
        choices = [f.families.get(family) or f.families.get(_ANY) for f in forms]
        if all(choices):
            spellings = product(*(c for c in choices if c))
            keys.update(islice(("".join(parts) for parts in spellings), _MAX_JOINED))
    if not families:
        keys.update("".join(parts) for parts in product(*(f.families[_ANY] for f in forms)))
    keys.discard("")
    return keys


def _loose(forms: Sequence[RunForms]) -> str:
    body = skeleton("".join(f.loose_source for f in forms))
    return LOOSE_PREFIX + body if body else ""


def _forms(text: str) -> list[RunForms]:
    return [run_forms(script, run) for script, run in _runs_of(text)]


def exact_keys(text: str) -> frozenset[str]:
    """The scheme spellings of a name, folded and unspaced, without the loose key."""
    forms = _forms(text)
    return frozenset(_joined(forms)) if forms else frozenset()


def loose_key(text: str) -> str:
    """The loose phonetic key (``~`` + skeleton) of a whole name; ``""`` when there is nothing to key."""
    forms = _forms(text)
    return _loose(forms) if forms else ""


def match_keys(text: str) -> frozenset[str]:
    """Every key of a name or word in any script: exact scheme spellings plus the loose key."""
    forms = _forms(text)
    if not forms:
        return frozenset()
    keys = _joined(forms)
    keys.add(_loose(forms))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1 << 16)
def token_keys(token: str) -> frozenset[str]:
    """``match_keys`` of one word, cached: the analyzer of a search index calls it per token."""
    return match_keys(token)


def is_loose(key: str) -> bool:
    return key.startswith(LOOSE_PREFIX)


def names_match(a: str, b: str) -> bool:
    """True when two names share a key: the same spelling under some scheme, or the same loose key."""
    return not match_keys(a).isdisjoint(match_keys(b))


def match_kind(a: str, b: str) -> str | None:
    """``"exact"`` when a scheme spelling is shared, ``"loose"`` when only the loose key is, else None."""
    shared = match_keys(a) & match_keys(b)
    if not shared:
        return None
    return "loose" if all(is_loose(k) for k in shared) else "exact"
