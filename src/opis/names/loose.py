"""The loose phonetic keys: skeletons on which romanizations of one sound agree.

``Shtykov`` and ``Shtikov`` -> ``xtikov``; ``Chongjin``, ``Cheongjin`` and ``Ch'ŏngjin`` -> ``concin``
(see ``data/loose.yaml`` for the classes): the fine skeleton keeps four vowel classes. The
cross-script keys (``cross_skeletons``), by which a Cyrillic name meets a name in another script,
keep the vowel classes Russian renderings keep.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import islice, product

from opis.names._data import alternatives, load
from opis.names.normalize import squash


@cache
def _rules() -> tuple[re.Pattern[str], dict[str, str]]:
    data = load("loose")
    symbol = {str(spelling): str(cls) for cls, spellings in data["classes"].items() for spelling in spellings}
    symbol.update({str(k): str(v) for k, v in data["fine_vowels"].items()})
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


def skeleton(latin: str) -> str:
    """The fine loose key body of Latin text; characters outside the tables are kept as they are.
    The vowel classes a, e, i and o stay apart (``Changjin`` -> ``cancin``, ``Chongjin`` -> ``concin``)."""
    pattern, symbol = _rules()
    coded = pattern.sub(lambda m: symbol[m.group()], squash(spelled_out(latin)))
    return _collapse(coded)


def _collapse(coded: str) -> str:
    """Runs of one class become one symbol: ``kk`` -> ``k``, ``aa`` (a vowel run) -> ``a``."""
    out: list[str] = []
    for ch in coded:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


MAX_CROSS = 32  # cross-script keys kept per name: each ambiguous Latin vowel doubles them
_Token = tuple[str, tuple[str, ...], bool]  # (spelling, the symbols it may stand for, is a vowel)


@cache
def _cross_rules(cyrillic: bool) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], frozenset[str]]:
    data = load("loose")
    vowels = {str(k): alternatives(v) for k, v in data["cross"]["cyrillic" if cyrillic else "latin"].items()}
    symbol: dict[str, tuple[str, ...]] = {
        str(spelling): (str(cls),) for cls, spellings in data["classes"].items() for spelling in spellings}
    symbol.update(vowels)
    pattern = re.compile("|".join(re.escape(s) for s in sorted(symbol, key=len, reverse=True)))
    return pattern, symbol, frozenset(vowels)


@cache
def _glides(cyrillic: bool) -> dict[str, tuple[str, ...]]:
    table = load("loose")["cross"]["glides"]["cyrillic" if cyrillic else "latin"]
    return {str(k): alternatives(v) for k, v in table.items()}


# Cached: a text's words come back in every window that holds them (opis.extract.names.entities
# tries up to five windows per capitalized word), and each name's keys tokenize each of its words. A
# few thousand entries suffice for that (a word's tokens take about a kilobyte).
@lru_cache(maxsize=1 << 13)
def _tokens(text: str, cyrillic: bool) -> tuple[_Token, ...]:
    pattern, symbol, vowels = _cross_rules(cyrillic)
    folded = squash(spelled_out(text))
    out: list[_Token] = []
    at = 0
    for m in pattern.finditer(folded):
        out.extend((ch, (ch,), False) for ch in folded[at:m.start()])  # outside the tables: kept
        out.append((m.group(), symbol[m.group()], m.group() in vowels))
        at = m.end()
    out.extend((ch, (ch,), False) for ch in folded[at:])
    return tuple(out)


def _glided(run: list[_Token], cyrillic: bool) -> list[tuple[str, ...]]:
    """The choices of one vowel run: a leading y or i before another vowel is a glide."""
    choices = [options for _, options, _ in run]
    glide = _glides(cyrillic).get(run[0][0]) if len(run) > 1 else None
    if glide is not None:
        choices[0] = glide
    return choices


def _choices(segments: Iterable[tuple[str, bool]]) -> list[tuple[str, ...]]:
    """Per position, the symbols it may stand for; each segment (a word) is tokenized apart, so
    that Pak Hon does not read as ``pakhon`` with a ``kh``."""
    choices: list[tuple[str, ...]] = []
    run: list[_Token] = []
    run_cyrillic = False
    for text, cyrillic in segments:
        for token in _tokens(text, cyrillic):
            if token[2]:
                run_cyrillic = run_cyrillic if run else cyrillic
                run.append(token)
                continue
            if run:
                choices.extend(_glided(run, run_cyrillic))
                run = []
            choices.append(token[1])
    if run:
        choices.extend(_glided(run, run_cyrillic))
    return choices


def _canonical(fine: str) -> str:
    """The cross key given to every Latin spelling with this fine skeleton (mostly one of its
    readings anyway): a leading i of a vowel run dropped as a glide, ``ae`` as e, e as o. With it
    two Latin names the fine key joins always share a cross key."""
    def run(m: re.Match[str]) -> str:
        vowels = m.group()
        if len(vowels) > 1 and vowels[0] == "i":
            vowels = vowels[1:]
        return "e" if vowels == "ae" else vowels.replace("e", "o")
    return _collapse(re.sub("[aeio]+", run, fine))


def cross_skeletons(segments: Sequence[tuple[str, bool]]) -> tuple[str, ...]:
    """The cross-script key bodies of a name given as (Latin text, spelled from Cyrillic) segments,
    the first one first: ``[("Kim Il Sung", False)]`` -> ``kimilson, kimilsyn``;
    ``[("Kim Ir Sen", True)]`` -> ``kimilson``. ``Kim`` and ``Kem`` (Кемь) part; so do ``Changjin``
    and ``Chkhondzhin``; ``Hamhung`` meets ``Khamkhɨn`` (Хамхын) by its u read as ы."""
    spellings = ("".join(parts) for parts in product(*_choices(segments)))
    keys = dict.fromkeys(k for k in (_collapse(s) for s in islice(spellings, MAX_CROSS)) if k)
    if segments and not any(cyrillic for _, cyrillic in segments):
        canonical = _canonical(skeleton("".join(text for text, _ in segments)))
        if canonical:
            keys = {canonical: None, **keys}
    return tuple(keys)
