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
from opis.names.han import written_form
from opis.names.hangul import surname_length
from opis.names.loose import cross_skeletons, skeleton
from opis.names.normalize import squash
from opis.names.scripts import Script, runs, words

LOOSE_PREFIX = "~"
CROSS_PREFIX = "~~"  # a cross-script loose key, by which names meet Cyrillic ones
_ANY = "*"  # a Latin run reads the same in every scheme family
_MAX_JOINED = 64  # whole-name spellings kept per scheme family
# A single-script run longer than this is no name (the longest names run to about 30 letters): it is
# keyed by its folded letters only, as a Latin run is, so a hostile run of a million letters costs a
# linear pass instead of every scheme's spellings and readings.
MAX_NAME_RUN = 64
_SIGNS = str.maketrans("", "", "ъь")
# э and ы kept apart from е and и in the spelling the cross-script key is built from (loose.yaml).
_KEPT_VOWELS = str.maketrans({"э": "ǝ", "Э": "Ǝ", "ы": "ɨ", "Ы": "Ɨ"})


@dataclass(frozen=True)
class RunForms:
    """The folded spellings of one single-script run, grouped by scheme family."""

    families: Mapping[str, tuple[str, ...]] = field(hash=False)
    primary: str  # the one spelling used when families cannot be lined up
    loose_source: str  # the Latin spelling the loose key is built from; "" gives the name no loose key
    cross_source: str = ""  # the spelling the cross-script key is built from, when not loose_source
    cyrillic: bool = False  # cross_source is spelled from Cyrillic


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
    kept = russian.variants(run.translate(_KEPT_VOWELS), "common")[0]
    return RunForms(families, squash(common), common, kept, cyrillic=True)


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


@lru_cache(maxsize=1 << 14)  # asked twice per name (match_keys, _one_script), for each window of a text
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


def _cross(forms: Sequence[RunForms]) -> set[str]:
    if not all(f.loose_source for f in forms):
        return set()
    segments = [(f.cross_source or f.loose_source, f.cyrillic) for f in forms]
    return {CROSS_PREFIX + body for body in cross_skeletons(segments)}


def _loose_keys(forms: Sequence[RunForms], cyrillic: bool) -> set[str]:
    """The fine loose key (four vowel classes), and the cross-script keys, which alone stand for a
    Cyrillic name: Russian renderings of Korean and Chinese names keep some vowel classes and not
    others (Ким Ир Сен for 김일성, Хамхын for 함흥 Hamhŭng), while Latin spellings of one name keep
    the fine vowel class (Chongjin, Cheongjin, Ch'ŏngjin; Changjin is another place)."""
    cross = _cross(forms)
    return cross if cyrillic else {_loose(forms), *cross}


def _forms(text: str) -> list[RunForms]:
    return [run_forms(script, run) for script, run in _runs_of(text)]


def exact_keys(text: str) -> frozenset[str]:
    """The scheme spellings of a name, folded and unspaced, without the loose key."""
    forms = _forms(text)
    return frozenset(_joined(forms)) if forms else frozenset()


def loose_key(text: str) -> str:
    """The loose phonetic key (``~`` + fine skeleton) of a whole name; ``""`` when there is nothing
    to key. A Cyrillic name has only its cross-script keys (``cross_keys``)."""
    forms = _forms(text)
    return _loose(forms) if forms and not is_cyrillic(text) else ""


def cross_keys(text: str) -> frozenset[str]:
    """The cross-script loose keys (``~~`` + ``loose.cross_skeletons``), by which a name meets a
    Cyrillic one; empty when there is nothing to key."""
    forms = _forms(text)
    return frozenset(_cross(forms)) if forms else frozenset()


def match_keys(text: str) -> frozenset[str]:
    """Every key of a name or word in any script: exact scheme spellings plus the loose key."""
    parts = _runs_of(text)
    if not parts:
        return frozenset()
    forms = [run_forms(script, run) for script, run in parts]
    keys = _joined(forms)
    keys |= _loose_keys(forms, all(script is Script.CYRILLIC for script, _ in parts))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1 << 16)
def token_keys(token: str) -> frozenset[str]:
    """``match_keys`` of one word, cached: the analyzer of a search index calls it per token."""
    return match_keys(token)


def is_loose(key: str) -> bool:
    """True for a loose key, fine or cross-script, also as stored or sought under ``^`` or ``%``."""
    return key.lstrip("^%").startswith(LOOSE_PREFIX)


WRITTEN_PREFIX = "="  # the written form of a Hangul or Han name: two such names meet by it alone
DERIVED_PREFIX = "^"  # a key spelled from a Hangul or Han name, stored: only a Latin or Cyrillic name seeks it
CYRILLIC_LOOSE_PREFIX = "%"  # a Cyrillic name's cross-script keys, stored: names in other scripts seek it


def _one_script(text: str) -> Script | None:
    """The script every run of ``text`` is written in, or None (no runs, or several scripts)."""
    scripts = {s for s, _ in _runs_of(text)}
    return scripts.pop() if len(scripts) == 1 else None


def _all_of(text: str, script: Script) -> bool:
    return _one_script(text) is script


def is_hangul(text: str) -> bool:
    """True when every run of ``text`` is Hangul: a name written as Koreans write it."""
    return _all_of(text, Script.HANGUL)


def is_cyrillic(text: str) -> bool:
    """True when every run of ``text`` is Cyrillic."""
    return _all_of(text, Script.CYRILLIC)


def is_han(text: str) -> bool:
    """True when every run of ``text`` is Han characters."""
    return _all_of(text, Script.HAN)


def _han_form(text: str) -> str:
    """The written form of Han text; a run too long for a name is only unspaced (and not cached)."""
    joined = "".join(text.split())
    return written_form(joined) if len(joined) <= MAX_NAME_RUN else joined


def _split(keys: frozenset[str]) -> tuple[set[str], set[str], set[str]]:
    """(exact, fine loose, cross-script loose) keys."""
    cross = {k for k in keys if k.startswith(CROSS_PREFIX)}
    fine = {k for k in keys if is_loose(k)} - cross
    return set(keys) - fine - cross, fine, cross


def stored_keys(text: str, keys: frozenset[str] | None = None) -> frozenset[str]:
    """The keys a name is found by (in an index, an authority table), from ``match_keys``:

    * a Hangul name: its written form under ``=``, every other key under ``^``;
    * a Han name: its written form (``han.written_form``) under ``=``, its readings under ``^``;
    * a Cyrillic name: its spellings, and its cross-script keys under ``%``;
    * any other (Latin) name: its keys.

    Hangul and Han write a name by its sounds or its meaning, so two such names that are written
    differently are different names, however their romanizations fold (정주 Chŏngju and 청주
    Ch'ŏngju are both chongju; 柳 and 劉 are both liu) or their loose keys agree (장진 and 청진).
    Two Cyrillic names meet by their spellings (Пхеньян = Пхёнъян, declined forms by their stems),
    never by the cross-script keys alone (Игнатьев, Игнатов). Two Latin names meet by the fine loose key,
    which keeps vowel classes (Chongjin, Cheongjin), never by the cross-script ones alone.
    """
    keys = match_keys(text) if keys is None else keys
    exact, fine, cross = _split(keys)
    script = _one_script(text)
    if script is Script.CYRILLIC:
        return frozenset(exact | {CYRILLIC_LOOSE_PREFIX + k for k in cross})
    if script is Script.HANGUL:
        return frozenset({WRITTEN_PREFIX + squash(text), *(DERIVED_PREFIX + k for k in keys)})
    if script is Script.HAN:
        return frozenset({WRITTEN_PREFIX + _han_form(text),
                          *(DERIVED_PREFIX + k for k in exact)})
    return keys


def sought_keys(text: str, keys: frozenset[str] | None = None) -> frozenset[str]:
    """The keys to look a name up by, among ``stored_keys``. The cross keys are sought only across
    Cyrillic and another script, the fine one only between Latin and Latin or Hangul, a written form
    only in its own script; a Latin or Cyrillic name seeks the readings of Hangul and Han names."""
    keys = match_keys(text) if keys is None else keys
    exact, fine, cross = _split(keys)
    to_cyrillic = {CYRILLIC_LOOSE_PREFIX + k for k in cross}
    script = _one_script(text)
    if script is Script.HANGUL:
        return frozenset({WRITTEN_PREFIX + squash(text), *exact, *fine, *to_cyrillic})
    if script is Script.HAN:
        return frozenset({WRITTEN_PREFIX + _han_form(text), *exact})
    if script is Script.CYRILLIC:
        return frozenset(exact | cross | {DERIVED_PREFIX + k for k in exact | cross})
    return frozenset(exact | fine | to_cyrillic | {DERIVED_PREFIX + k for k in exact | fine})


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
