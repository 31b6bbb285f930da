"""A small tokenizer the date and quantity grammars share: numbers, words, superscripts, marks.

Every token keeps its character offsets and the whitespace that precedes it, so grammars can ask
"is this adjacent?", "is this on the same line?" and "is this a single space (a digit group)?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import accumulate, repeat
from operator import itemgetter, not_
from typing import NamedTuple

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A token is a run of letters, of digits or of superscripts, or any other single non-space character.
# Every non-space character is in some token, so splitting a text at its tokens leaves exactly the runs
# of whitespace between them. Words come first (they are most tokens; the alternatives never open with
# the same character, so the order changes nothing) and nothing is given back once matched: a tenth
# faster than numbers first.
_SPLIT = re.compile(rf"([^\W\d_{SUPERSCRIPTS}]++|\d++|[{SUPERSCRIPTS}]++|\S)")
# Characters that may separate digit groups ("24 500", "6 125 000").
GROUP_SPACES = frozenset(" \u00a0\u202f\u2009")


class Token(NamedTuple):
    """A token and what the grammars ask of it, worked out once when the text is tokenized: the
    grammars look at each token dozens of times, so these are fields, not properties."""

    text: str
    start: int
    end: int
    gap: str  # the whitespace between the previous token and this one ("" = adjacent)
    low: str  # text.lower()
    is_num: bool  # ASCII digits only
    is_word: bool  # opens with a letter
    adjacent: bool  # no whitespace before it
    same_line: bool  # no line break and no tab before it: it continues the phrase before it
    group_gap: bool  # exactly one space-like character before it: how digit groups are written


def token(text: str, start: int, end: int, gap: str) -> Token:
    """One token, as ``tokenize`` makes them."""
    return Token(text, start, end, gap, text.lower(), text.isascii() and text.isdigit(), text[0].isalpha(),
                 gap == "", "\n" not in gap and "\t" not in gap, gap in GROUP_SPACES)


# Texts up to this long have their tokens kept for the next extractor (about 12 MB of tokens at most,
# two texts kept); a longer text is tokenized again rather than held in memory after its extraction.
CACHE_CHARS = 250_000


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of ``text``. The date and quantity extractors both read the same document's tokens,
    so the last two results for texts up to CACHE_CHARS long are kept: the second asks for free."""
    return _kept(text) if len(text) <= CACHE_CHARS else _tokens(text)


@lru_cache(maxsize=2)
def _kept(text: str) -> tuple[Token, ...]:
    return _tokens(text)


def _tokens(text: str) -> tuple[Token, ...]:
    # Column by column, each column by one C-level map: a token at a time in Python cost ten times as much.
    # One split gives whitespace, token, whitespace, token, ..., whitespace: flat strings, no tuple per token.
    parts = _SPLIT.split(text)
    gaps, texts = parts[0:-1:2], parts[1::2]
    offsets = list(accumulate(map(len, parts)))  # offsets[2k] = start of token k, offsets[2k + 1] = its end
    columns = zip(texts, offsets[0:-1:2], offsets[1::2], gaps, map(str.lower, texts),
                  [t.isascii() and t.isdigit() for t in texts],
                  map(str.isalpha, map(itemgetter(0), texts)), map(not_, gaps),
                  ["\n" not in gap and "\t" not in gap for gap in gaps], map(GROUP_SPACES.__contains__, gaps),
                  strict=True)
    return tuple(map(tuple.__new__, repeat(Token), columns))


@cache
def phrase(form: str) -> tuple[str, ...]:
    """A vocabulary form as the lower-case token texts it matches ("mln." -> ("mln", "."))."""
    return tuple(t.low for t in tokenize(form))


def match_phrase(tokens: Sequence[Token], i: int, words: tuple[str, ...]) -> int | None:
    """Index after ``words`` if they occur at ``i`` within one line, else None."""
    if i + len(words) > len(tokens):
        return None
    for k, word in enumerate(words):
        tok = tokens[i + k]
        if tok.low != word or (k and not tok.same_line):
            return None
    return i + len(words)


Entry = tuple[tuple[str, ...], str]


class PhraseTable:
    """Vocabulary phrases (as ``phrase`` spells them) and their values, indexed by first word.

    ``longest`` runs at nearly every token of a text, and the unit and currency tables hold
    hundreds of phrases: looking up only those that open with the token's word keeps the scan
    linear in the text, whatever the size of the vocabulary."""

    __slots__ = ("entries", "_by_first", "_by_last", "empty", "firsts")

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        by_first: dict[str, list[Entry]] = {}
        for words, value in self.entries:
            if words:
                by_first.setdefault(words[0], []).append((words, value))
        self._by_first = {word: tuple(found) for word, found in by_first.items()}
        self.firsts = frozenset(self._by_first)  # the words some phrase opens with
        by_last: dict[str, list[Entry]] = {}
        for words, value in self.entries:
            if words:
                by_last.setdefault(words[-1], []).append((words, value))
        self._by_last = {word: tuple(found) for word, found in by_last.items()}
        # The value of a phrase of no words (it matches anywhere), if the table has one. An attribute,
        # not a property: ``longest`` asks at every token it is given.
        self.empty: str | None = next((value for words, value in self.entries if not words), None)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __add__(self, other: PhraseTable) -> PhraseTable:
        return PhraseTable(self.entries + other.entries)

    def starting(self, word: str) -> tuple[Entry, ...]:
        """The phrases whose first word is ``word``, in table order."""
        return self._by_first.get(word, ())

    def ending(self, word: str) -> tuple[Entry, ...]:
        """The phrases whose last word is ``word``, in table order."""
        return self._by_last.get(word, ())


def longest(tokens: Sequence[Token], i: int, table: PhraseTable) -> tuple[str, int] | None:
    """The value of the longest phrase of ``table`` at ``i``, with the index after it."""
    best: tuple[str, int] | None = (table.empty, i) if table.empty is not None else None
    for words, value in table.starting(tokens[i].low) if i < len(tokens) else ():
        end = match_phrase(tokens, i, words)
        if end is not None and (best is None or end > best[1]):
            best = (value, end)
    return best
