"""A small tokenizer the date and quantity grammars share: numbers, words, superscripts, marks.

Every token keeps its character offsets and the whitespace that precedes it, so grammars can ask
"is this adjacent?", "is this on the same line?" and "is this a single space (a digit group)?".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TOKEN = re.compile(rf"\d+|[{SUPERSCRIPTS}]+|[^\W\d_{SUPERSCRIPTS}]+|\S")
# Characters that may separate digit groups ("24 500", "6 125 000").
GROUP_SPACES = frozenset(" \u00a0\u202f\u2009")


@dataclass(frozen=True)
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


def longest(tokens: Sequence[Token], i: int, table: Sequence[tuple[tuple[str, ...], str]]) -> tuple[str, int] | None:
    """The value of the longest phrase of ``table`` at ``i``, with the index after it."""
    best: tuple[str, int] | None = None
    for words, value in table:
        end = match_phrase(tokens, i, words)
        if end is not None and (best is None or end > best[1]):
            best = (value, end)
    return best
