"""Script-neutral match keys for names: the API the index and search layers use.

A name in any script gets a set of keys: its spellings under every transliteration scheme
(folded: lower case, no diacritics, no spaces) plus one loose phonetic key, prefixed ``~``, for
near-misses between schemes. Two names match when their key sets intersect::

    names_match("Штыков", "Shtykov")            # exact: BGN/PCGN, ALA-LC ... spell it so
    names_match("청진", "Ch'ŏngjin")             # exact: McCune–Reischauer
    names_match("毛泽东", "Mao Tse-tung")        # exact: Wade–Giles
    names_match("Kim Il Sung", "김일성")          # loose: sung/sŏng differ only in the vowel
    names_match("城津", "淸津")                   # False: different characters, different places

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
    loose_source: str  # the Latin spelling the loose key is built from; "" gives the name no loose key


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
    # No loose source: the loose key would be built from the Mandarin reading, and Korean places are
    # written in the same characters but not said so (城津 Sŏngjin reads "chengjin", which the
    # skeleton cannot tell from Chongjin or 淸津 "qingjin"). Characters meet by their scheme spellings.
    return RunForms(families, squash(pinyin), "")


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
    if not all(f.loose_source for f in forms):
        return ""  # a name with Han characters widens no match: its written form decides
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


WRITTEN_PREFIX = "="  # the written form of a Hangul name: two Hangul names meet by it alone
DERIVED_PREFIX = "^"  # a key spelled from a Hangul name, stored: only a romanized or Cyrillic name seeks it
CYRILLIC_LOOSE_PREFIX = "%"  # a Cyrillic name's loose key, stored: names in other scripts seek it


def is_hangul(text: str) -> bool:
    """True when every run of ``text`` is Hangul: a name written as Koreans write it."""
    parts = _runs_of(text)
    return bool(parts) and all(script is Script.HANGUL for script, _ in parts)


def is_cyrillic(text: str) -> bool:
    """True when every run of ``text`` is Cyrillic."""
    parts = _runs_of(text)
    return bool(parts) and all(script is Script.CYRILLIC for script, _ in parts)


def stored_keys(text: str, keys: frozenset[str] | None = None) -> frozenset[str]:
    """The keys a name is found by (in an index, an authority table): ``match_keys``, except that a
    Hangul name keeps its romanizations apart, under ``^``, and adds its written form under ``=``,
    and a Cyrillic name keeps its loose key apart, under ``%``.

    Hangul writes a name by its sounds, so two Hangul names that differ are different names, however
    their romanizations fold (정주 Chŏngju and 청주 Ch'ŏngju both fold to chongju) or their loose
    keys agree (장진 Changjin and 청진 Ch'ŏngjin). Only a romanized or Cyrillic name, whose spelling
    is itself one of many, is compared with a Hangul name's derived keys (``sought_keys``).
    Two Cyrillic names meet by their spellings (Пхеньян = Пхёнъян, declined forms by their stems) but
    never by the loose key alone: Игнатьев and Игнатов, Пхеньян and Пхенган are written apart, and
    the loose key, which ignores vowels, would join them. It still bridges scripts (Ким Ир Сен, 김일성).
    """
    keys = match_keys(text) if keys is None else keys
    if is_cyrillic(text):
        return frozenset(CYRILLIC_LOOSE_PREFIX + k if is_loose(k) else k for k in keys)
    if not is_hangul(text):
        return keys
    return frozenset({WRITTEN_PREFIX + squash(text), *(DERIVED_PREFIX + k for k in keys)})


def sought_keys(text: str, keys: frozenset[str] | None = None) -> frozenset[str]:
    """The keys to look a name up by, among ``stored_keys``: a Hangul name seeks its written form, the
    romanized and Cyrillic spellings it stands for, and Cyrillic names' loose keys; a Cyrillic name
    seeks its own keys and Hangul names' derived ones, never another Cyrillic name's loose key; any
    other name seeks its keys under every prefix."""
    keys = match_keys(text) if keys is None else keys
    loose = {CYRILLIC_LOOSE_PREFIX + k for k in keys if is_loose(k)}
    if is_hangul(text):
        return frozenset({WRITTEN_PREFIX + squash(text), *keys, *loose})
    if is_cyrillic(text):
        return keys | {DERIVED_PREFIX + k for k in keys}
    return keys | {DERIVED_PREFIX + k for k in keys} | loose


def shared_keys(a: str, b: str) -> frozenset[str]:
    """The keys on which two names meet (the relation is symmetric)."""
    return sought_keys(a) & stored_keys(b)


def names_match(a: str, b: str) -> bool:
    """True when two names meet: the same spelling under some scheme, or the same loose key, except
    that two Hangul names meet only when written alike."""
    return bool(shared_keys(a, b))


def match_kind(a: str, b: str) -> str | None:
    """``"exact"`` when a scheme spelling (or the written form) is shared, ``"loose"`` when only the
    loose key is, else None."""
    shared = {k.removeprefix(DERIVED_PREFIX).removeprefix(CYRILLIC_LOOSE_PREFIX) for k in shared_keys(a, b)}
    if not shared:
        return None
    return "loose" if all(is_loose(k) for k in shared) else "exact"
