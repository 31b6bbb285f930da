"""Views of a text by character offsets: footnote paragraphs and sentences.

A footnote paragraph opens with a superscript number ("¹⁷ RGAE. F. 413 ..."), as footnotes do
when a PDF is turned into text, and runs to the next blank line. Page breaks drop such blocks into
the middle of running text, so a sentence may continue after one: ``sentences`` works on the text
with footnote paragraphs blanked out, and gives each footnote its own sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from operator import itemgetter

from opis.extract.tokens import SUPERSCRIPTS

Span = tuple[int, int]

_FOOTNOTE = re.compile(rf"^[ \t]*[{SUPERSCRIPTS}]+[ \t]", re.M)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
# A sentence ends at . ! ? or … (with closing quotes, brackets or footnote marks after it),
# followed by whitespace and a capital letter, a digit or an opening quote.
_SENTENCE_END = re.compile(rf"[.!?…][\"'”»)\]{SUPERSCRIPTS}]*\s+(?=[A-ZА-ЯЁ\d\"“«(])")
_INITIAL = re.compile(r"(?:^|[\s.(])[A-ZА-ЯЁ]$")


def footnote_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _FOOTNOTE.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        end = _PARAGRAPH_END.search(text, m.start())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


def blank(text: str, spans: list[Span]) -> str:
    """The text with each span's characters turned into spaces (line breaks kept): offsets hold."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of text[start:end]; a full stop after an initial ("A.A. Romanenko") does not end one."""
    stop = len(text) if end is None else end
    spans: list[Span] = []
    begin = start
    for m in _SENTENCE_END.finditer(text, start, stop):
        if _INITIAL.search(text, max(start, m.start() - 3), m.start()):
            continue
        spans.append((begin, m.start() + 1))
        begin = m.end()
    if begin < stop:
        spans.append((begin, stop))
    return spans


def sentences(text: str) -> list[Span]:
    """Sentences of the running text (footnotes blanked) followed by the sentences of each footnote."""
    notes = footnote_spans(text)
    spans = split_sentences(blank(text, notes))
    for start, end in notes:
        spans.extend(split_sentences(text, start, end))
    return spans


def in_spans(offset: int, spans: list[Span]) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted and apart, as ``footnote_spans`` gives them)."""
    k = bisect_right(spans, offset, key=itemgetter(0)) - 1
    return k >= 0 and offset < spans[k][1]
