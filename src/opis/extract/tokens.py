"""A small tokenizer the date and quantity grammars share: numbers, words, superscripts, marks.

Every token keeps its character offsets and the whitespace that precedes it, so grammars can ask
"is this adjacent?", "is this on the same line?" and "is this a single space (a digit group)?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TOKEN = re.compile(rf"\d+|[{SUPERSCRIPTS}]+|[^\W\d_{SUPERSCRIPTS}]+|\S")
# Characters that may separate digit groups ("24 500", "6 125 000").
GROUP_SPACES = frozenset(" \u00a0\u202f\u2009")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    gap: str  # the whitespace between the previous token and this one ("" = adjacent)

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_num(self) -> bool:
        return self.text.isascii() and self.text.isdigit()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def adjacent(self) -> bool:
        return self.gap == ""

    @property
    def same_line(self) -> bool:
        """No line break and no tab before this token: it continues the phrase before it."""
        return "\n" not in self.gap and "\t" not in self.gap

    @property
    def group_gap(self) -> bool:
        """Exactly one space-like character before: how digit groups are written."""
        return len(self.gap) == 1 and self.gap in GROUP_SPACES


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    last = 0
    for m in _TOKEN.finditer(text):
        tokens.append(Token(m.group(), m.start(), m.end(), text[last : m.start()]))
        last = m.end()
    return tokens


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

    __slots__ = ("entries", "_by_first", "_by_last", "_empty")

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        by_first: dict[str, list[Entry]] = {}
        for words, value in self.entries:
            if words:
                by_first.setdefault(words[0], []).append((words, value))
        self._by_first = {word: tuple(found) for word, found in by_first.items()}
        by_last: dict[str, list[Entry]] = {}
        for words, value in self.entries:
            if words:
                by_last.setdefault(words[-1], []).append((words, value))
        self._by_last = {word: tuple(found) for word, found in by_last.items()}
        self._empty = next((value for words, value in self.entries if not words), None)

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

    @property
    def empty(self) -> str | None:
        """The value of a phrase of no words (it matches anywhere), if the table has one."""
        return self._empty


def longest(tokens: Sequence[Token], i: int, table: PhraseTable) -> tuple[str, int] | None:
    """The value of the longest phrase of ``table`` at ``i``, with the index after it."""
    best: tuple[str, int] | None = (table.empty, i) if table.empty is not None else None
    for words, value in table.starting(tokens[i].low) if i < len(tokens) else ():
        end = match_phrase(tokens, i, words)
        if end is not None and (best is None or end > best[1]):
            best = (value, end)
    return best
