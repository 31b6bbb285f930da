"""Recognise an archive named in a citation and return its canonical code from vocab/repositories.yaml.

Three ways, tried in order: an abbreviation (current or former) standing as whole words anywhere in
the text (``(RGAE)``, ``TsAMO RF``, ``ЦХСД``); the whole text equal to a full name or English variant
after normalization (case, ``ё``, punctuation, and the words "the", "of", "of the" dropped); the closest
full name by word overlap and spelling similarity, when it is close enough.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache, lru_cache

from opis import vocab
from opis.extract.citations import terms

STOP_WORDS = frozenset({"the", "of", "and", "for"})
MAX_ABBREVIATION_WORDS = 3
MIN_SIMILARITY = 0.82


def _squash(text: str) -> str:
    """Abbreviation key: letters and digits only (``AVP RF`` and ``AVPRF`` agree)."""
    return re.sub(r"[\W_]", "", text)


def name_key(text: str) -> str:
    """Full-name key: lower case, ``ё`` as ``е``, no punctuation or stop words."""
    words = re.findall(r"\w+", text.casefold().replace("ё", "е"))
    expanded = " ".join(_name_words().get(w, w) for w in words)
    return " ".join(w for w in expanded.split() if w not in STOP_WORDS)


@cache
def _name_words() -> dict[str, str]:
    return {str(k): str(v) for k, v in terms.data()["name_words"].items()}


@cache
def _abbreviations() -> dict[str, str]:
    index: dict[str, str] = {}
    for repo in vocab.repositories():
        for form in (repo.code, *repo.abbreviations, *repo.former):
            index.setdefault(_squash(form), repo.code)
    return index


@cache
def _names() -> dict[str, str]:
    index: dict[str, str] = {}
    for repo in vocab.repositories():
        for form in (*repo.names.values(), *repo.variants_en, *repo.former_names):
            index.setdefault(name_key(form), repo.code)
    return index


@cache
def _contextual() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """Abbreviation key -> the repositories sharing it that say which words make it theirs."""
    index: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for repo in vocab.repositories():
        if not repo.context:
            continue
        words = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, repo.context)) + r")(?!\w)")
        for form in (repo.code, *repo.abbreviations, *repo.former):
            index.setdefault(_squash(form), []).append((repo.code, words))
    return {key: tuple(found) for key, found in index.items()}


def _in_context(key: str, code: str, text: str) -> str:
    """The repository an abbreviation shared by several means here: the one whose context words ``text`` has."""
    for other, words in _contextual().get(key, ()):
        if words.search(text):
            return other
    return code


def by_abbreviation(text: str, around: str = "") -> str | None:
    """Code of the longest run of 1-3 words in ``text`` that is a known abbreviation (an abbreviation two
    repositories share is decided by the context words of ``text`` and ``around``)."""
    words = re.findall(r"[\w]+", text)
    for size in range(MAX_ABBREVIATION_WORDS, 0, -1):
        for start in range(len(words) - size + 1):
            key = "".join(words[start:start + size])
            code = _abbreviations().get(key)
            if code:
                return _in_context(key, code, f"{text} {around}")
    return None


def _similarity(a: str, b: str) -> float:
    """The larger of word overlap and spelling similarity; spelling is only compared when the
    lengths allow a score above the threshold (it is slow on long text)."""
    wa, wb = set(a.split()), set(b.split())
    overlap = len(wa & wb) / max(len(wa | wb), 1)
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < MIN_SIMILARITY:
        return overlap
    return max(overlap, SequenceMatcher(None, a, b).ratio())


@lru_cache(maxsize=8192)
def by_name(text: str) -> str | None:
    """Code of the full name ``text`` spells, exactly or closely.

    Cached: comparing with every name is the slow part of reading a citation, and citations repeat
    their parts ("оп. 6", "д. 47", a repository's name) across a volume's notes or a catalogue sheet."""
    key = name_key(text)
    if not key:
        return None
    if key in _names():
        return _names()[key]
    best = max(_names(), key=lambda name: _similarity(key, name))
    return _names()[best] if _similarity(key, best) >= MIN_SIMILARITY else None


def match_repository(text: str, around: str = "") -> str | None:
    """Canonical code of the repository ``text`` names, or None; ``around`` is the rest of the citation, whose
    words decide an abbreviation two repositories share."""
    bracketed = re.findall(r"[(\[]([^()\[\]]+)[)\]]", text)
    for inner in bracketed:
        code = by_abbreviation(inner, around) or by_name(inner)
        if code:
            return code
    outside = re.sub(r"[(\[][^()\[\]]*[)\]]", " ", text)
    return by_name(outside) or by_abbreviation(text, around)
