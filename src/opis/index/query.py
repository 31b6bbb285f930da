"""The query language, parsed to a small tree. ``parse`` never raises.

    coal Sakhalin            both words (AND is the default)
    "Soviet specialists"     a phrase
    coal OR oil, NOT oil, -oil, (coal OR oil) AND Sakhalin
    title:loan  author:"Kim Il Sung"  fond:413  genre:(letter OR report)
    Shtyk*                   prefix
    Shtykof~  Shtykof~2      fuzzy, for OCR errors (edit distance 1 or 2)

Operators are upper case (``and``/``or``/``not`` are words). Anything that does not parse -- an
open quote or bracket, a dangling operator, too deep nesting -- is searched as its plain words,
so a user never sees a syntax error. An unknown ``name:`` is part of the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from opis.index.fields import USER_FIELDS

MAX_LEAVES = 64
MAX_DEPTH = 24
MIN_PREFIX = 2
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_FUZZY = re.compile(r"^(?P<word>.*?)~(?P<n>\d?)$")


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class MatchAll:
    """The empty query: every (visible) document."""


Node = Word | Phrase | Not | And | Or | MatchAll


class ParseError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str  # "(", ")", "quote", "op", "term"
    text: str


def _lex(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(Token(ch, ch))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise ParseError("unclosed quote")
            tokens.append(Token("quote", text[i + 1:end]))
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            chunk = text[i:j]
            tokens.append(Token("op" if chunk in ("AND", "OR", "NOT", "&&", "||") else "term", chunk))
            i = j
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.leaves = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise ParseError("unexpected end")
        self.pos += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            return MatchAll()
        node = self.orx(0, None)
        if self.peek() is not None:
            raise ParseError(f"unexpected {self.peek()}")
        return node

    def orx(self, depth: int, field: str | None) -> Node:
        if depth > MAX_DEPTH:
            raise ParseError("too deep")
        parts = [self.andx(depth, field)]
        while (t := self.peek()) is not None and t.kind == "op" and t.text in ("OR", "||"):
            self.take()
            parts.append(self.andx(depth, field))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def andx(self, depth: int, field: str | None) -> Node:
        parts = [self.unary(depth, field)]
        while (t := self.peek()) is not None and t.kind != ")" and not (t.kind == "op" and t.text in ("OR", "||")):
            if t.kind == "op" and t.text in ("AND", "&&"):
                self.take()
            parts.append(self.unary(depth, field))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, depth: int, field: str | None) -> Node:
        t = self.take()
        if t.kind == "op" and t.text == "NOT":
            return Not(self.unary(depth, field))
        if t.kind == "term" and len(t.text) > 1 and t.text[0] in "-+":
            inner = self.primary(Token("term", t.text[1:]), depth, field)
            return Not(inner) if t.text[0] == "-" else inner
        return self.primary(t, depth, field)

    def primary(self, t: Token, depth: int, field: str | None) -> Node:
        if t.kind == "(":
            node = self.orx(depth + 1, field)
            if self.take().kind != ")":
                raise ParseError("unclosed bracket")
            return node
        if t.kind == "quote":
            return self.leaf(Phrase(t.text, field))
        if t.kind != "term":
            raise ParseError(f"unexpected {t.text}")
        name, sep, value = t.text.partition(":")
        if sep and name.lower() in USER_FIELDS:
            scoped = name.lower()
            if value:
                return self.word(value, scoped)
            nxt = self.take()
            if nxt.kind in ("(", "quote"):
                return self.primary(nxt, depth, scoped)
            raise ParseError("field without a value")
        return self.word(t.text, field)

    def word(self, text: str, field: str | None) -> Node:
        fuzzy = _FUZZY.match(text)
        if fuzzy and _WORD.search(fuzzy["word"]):
            n = int(fuzzy["n"] or 1)
            return self.leaf(Word(fuzzy["word"], field, fuzzy=min(max(n, 1), 2)))
        if text.endswith("*") and _WORD.search(text):
            stem = text.rstrip("*")  # a one-letter prefix would expand to half the index: a word
            return self.leaf(Word(stem, field, prefix=len(stem) >= MIN_PREFIX))
        if not _WORD.search(text):
            raise ParseError(f"no word in {text!r}")
        return self.leaf(Word(text, field))

    def leaf(self, node: Word | Phrase) -> Node:
        self.leaves += 1
        if self.leaves > MAX_LEAVES:
            raise ParseError("too many terms")
        return node


def plain_words(text: str) -> Node:
    """The fallback: every word of ``text`` (at most MAX_LEAVES), all required."""
    words = tuple(Word(w) for w in _iter_words(text))[:MAX_LEAVES]
    if not words:
        return MatchAll()
    return words[0] if len(words) == 1 else And(words)


def _iter_words(text: str) -> Iterator[str]:
    for m in _WORD.finditer(text):
        yield m.group()


def parse(text: str) -> Node:
    """The query tree for ``text``; the plain-words reading when it does not parse."""
    try:
        return _Parser(_lex(text)).parse()
    except ParseError:
        return plain_words(text)
