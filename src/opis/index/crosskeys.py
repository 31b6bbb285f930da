"""Cross-script keys for the index: every word keyed so any script or romanization meets the others.

``opis.names.keys`` gives a word its spellings under every scheme plus a loose phonetic key
(Штыков, Shtykov and Shtikov share one). This module applies it to running text:

* each word is keyed at its own position (so phrases can be matched on keys too);
* a Russian word is also keyed by its stem, so a declined name (Штыкова) meets the nominative;
* names are keyed as a whole by that module (``Kim Il Sung`` = ``kimilsung``, 김일성 =
  ``kimilsong``), so runs of two or three capitalized or hyphen-joined words (Kim Il Sung, Mao
  Tse-tung) are also keyed joined, at the run's first position; Han text has no spaces, so every
  window of one to four Han characters is keyed; a Hangul word is keyed with its first two to
  four syllables too, so 청진에서 ("in Chongjin") meets 청진;
* a Hangul word, or a run of Han characters, is indexed by its written form and its readings
  under their own prefix, which only romanized and Cyrillic query words look for
  (``opis.names.keys.stored_keys``): two Hangul words meet only when written alike (장진 is not
  청진), and two Han runs only when written alike after simplified and variant characters are
  made one (柳 is not 劉, 淸津 is 清津), however their spellings fold;
* loose keys of fewer than four letters are dropped: they collide across ordinary words
  (coal/sale/seal) and would flood results, while short names meet on their exact spellings;
  so are loose keys with digits (the skeleton collapses repeats: T-34 and T-344 would meet).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import repeat

from opis.index import analysis, wordcache
from opis.names.keys import LOOSE_PREFIX, MAX_NAME_RUN, match_keys, sought_keys, stored_keys
from opis.names.scripts import Script, script_of

MIN_LOOSE = 4  # letters in a loose key's body
MAX_JOIN = 3  # words in a joined run
MAX_HAN = 4  # characters in a Han window
# A word (or joined run) longer than this gets no keys: no name is that long (opis.names.keys
# keys a run past MAX_NAME_RUN by its letters alone), and a hostile megabyte-long "word" must not
# cost a pass through every scheme, nor put a megabyte term into the index.
MAX_KEYED = MAX_NAME_RUN


def _strong(keys: Iterable[str]) -> frozenset[str]:
    """Keys without weak loose ones: short, or with digits (the skeleton collapses 11 to 1)."""
    return frozenset(k for k in keys if not k.startswith(LOOSE_PREFIX)
                     or (len(k.lstrip(LOOSE_PREFIX)) >= MIN_LOOSE and not any(c.isdigit() for c in k)))


@lru_cache(maxsize=1 << 16)
def _plain_keys(word: str) -> frozenset[str]:
    """The keys of one word (any case, any script); a Cyrillic word adds its stem's keys."""
    if len(word) > MAX_KEYED:
        return frozenset()
    keys = set(_strong(match_keys(word)))
    if word and script_of(word[0]) is Script.CYRILLIC:
        stem = analysis.stem_word(word)
        if stem and len(stem) > 2:
            keys |= _strong(match_keys(stem))
    return frozenset(keys)


@lru_cache(maxsize=1 << 20)
def word_keys(word: str) -> frozenset[str]:
    """The keys a word of a document is indexed by (``opis.names.keys.stored_keys``: a Hangul word
    by its written form, its romanizations kept apart for romanized queries); read from the word-key
    file next to the index when an earlier process keyed the word (``wordcache``)."""
    keys = wordcache.lookup(word)
    if keys is None:
        keys = computed_word_keys(word)
        wordcache.remember(word, keys)
    return keys


def computed_word_keys(word: str) -> frozenset[str]:
    """``word_keys`` worked out, never read from the word-key file."""
    return stored_keys(word, _plain_keys(word))


@lru_cache(maxsize=1 << 16)
def sought_word_keys(word: str) -> frozenset[str]:
    """The keys a word of a query looks for (``opis.names.keys.sought_keys``)."""
    return sought_keys(word, _plain_keys(word))


@lru_cache(maxsize=1 << 14)
def whole_name_keys(name: str) -> frozenset[str]:
    """The keys a whole name is stored under, without its single words' keys."""
    return stored_keys(name, _strong(match_keys(name))) if len(name) <= MAX_KEYED else frozenset()


def name_keys(name: str) -> frozenset[str]:
    """Keys of a whole name and of each of its words."""
    keys = set(stored_keys(name, _strong(match_keys(name))))
    for word, _ in analysis.raw_words(name):
        keys |= word_keys(word)
    return frozenset(keys)


def _is_han(word: str) -> bool:
    return len(word) == 1 and script_of(word) is Script.HAN


def _joinable(word: str) -> bool:
    return word[:1].isupper()


PLAIN, HAN, HANGUL, JOINABLE = range(4)


@lru_cache(maxsize=1 << 20)
def _entry(word: str) -> tuple[tuple[str, ...], int]:
    """A word's own keys, sorted, and what else its neighbours may add (cached: running text
    repeats its words, and this is the indexer's hottest loop)."""
    if _is_han(word):
        kind = HAN
    elif script_of(word[0]) is Script.HANGUL and len(word) > 2:
        kind = HANGUL
    else:
        kind = JOINABLE if _joinable(word) else PLAIN
    return tuple(sorted(word_keys(word))), kind


@lru_cache(maxsize=1 << 16)
def highlight_keys(word: str) -> frozenset[str]:
    """The keys one word carries on its own (with a Hangul word's leading syllables), for marking
    cross-script hits in a snippet without its neighbours."""
    keys, kind = _entry(word)
    if kind != HANGUL:
        return frozenset(keys)
    return frozenset(keys).union(*(word_keys(word[:n]) for n in range(2, min(len(word), MAX_HAN + 1))))


def positioned_keys(text: str) -> list[tuple[int, str]]:
    """(position, key) for every key of ``text``; positions are the word positions of the text."""
    return keys_of(analysis.raw_words_with_gaps(text))


def keys_of(tokens: list[tuple[str, int, bool]]) -> list[tuple[int, str]]:
    """(position, key) for every key of ``tokens`` (``analysis.raw_words_with_gaps``, or the first of them)."""
    out: list[tuple[int, str]] = []
    for i, (word, pos, joined_to_next) in enumerate(tokens):
        keys, kind = _entry(word)
        if kind == PLAIN and not joined_to_next:
            out.extend(zip(repeat(pos), keys))  # no generator per word: most words take this path
            continue
        extra: set[str] = set()
        if kind == HAN:
            extra = _han_windows(tokens, i)
        elif kind == HANGUL:
            for n in range(2, min(len(word), MAX_HAN + 1)):
                extra |= word_keys(word[:n])
        else:
            extra = _run_keys(tokens, i)
        out.extend((pos, k) for k in sorted(extra.union(keys)))
    return out


def _han_windows(tokens: list[tuple[str, int, bool]], i: int) -> set[str]:
    run = ""
    for word, _, _ in tokens[i:i + MAX_HAN]:
        if not _is_han(word):
            break
        run += word
    return {k for n in range(2, len(run) + 1) for k in word_keys(run[:n])}


def _run_keys(tokens: list[tuple[str, int, bool]], i: int) -> set[str]:
    """Joined keys of the 2..MAX_JOIN-word runs starting at word ``i``."""
    keys: set[str] = set()
    run = tokens[i][0]
    for j in range(i + 1, min(i + MAX_JOIN, len(tokens))):
        word, _, _ = tokens[j]
        if not (_joinable(word) or tokens[j - 1][2]) or _is_han(word):
            break
        run += word
        keys |= word_keys(run)
    return keys


def query_word_keys(words: list[str], i: int) -> frozenset[str]:
    """Keys a query word may match: its own, and those of each 2..MAX_JOIN-word run around it.

    The user's words are not known to be one name or several, so word ``i`` is also satisfied by a
    document holding any run it belongs to as one name (``Kim Il Sung`` meets 김일성).
    """
    keys = set(sought_word_keys(words[i]))
    for size in range(2, MAX_JOIN + 1):
        for start in range(max(0, i - size + 1), min(i, len(words) - size) + 1):
            keys |= sought_word_keys("".join(words[start:start + size]))
    return frozenset(keys)


def clear_caches() -> None:
    """Empty this module's caches of word keys (``wordcache.forget``: as a new process starts)."""
    for cached in (_plain_keys, word_keys, sought_word_keys, whole_name_keys, _entry, highlight_keys):
        cached.cache_clear()
