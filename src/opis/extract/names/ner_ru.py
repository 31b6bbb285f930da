"""Russian named entities (persons, places, organizations) by natasha's NER tagger.

natasha ships its model weights inside its PyPI packages (navec, slovnet): nothing is
downloaded. The tagger loads once per process (about two seconds) and then reads a page in
milliseconds. It is used for the names no authority record covers; names that match an
authority are found by opis.extract.names.entities first and keep precedence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
TYPES = {"PER": "person", "LOC": "place", "ORG": "organization"}
# The tagger reads its input as one sequence, and its memory grows with it (about 1.5 GB for a
# megabyte of text): it is given paragraphs, gathered into pieces of at most this many characters.
CHUNK = 20_000


@cache
def _tagger() -> Any:
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


def russian_entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) of each entity natasha finds; nothing for text without Cyrillic."""
    found: list[tuple[int, int, str]] = []
    if not _CYRILLIC.search(text):  # most texts of an English batch: one search, no paragraph walk, no model
        return found
    for run_start, run_end in russian_runs(text):
        run = text[run_start:run_end]
        for start, end in chunks(run, CHUNK):
            at = run_start + start
            found += [(at + a, at + b, kind) for a, b, kind in _tagged(run[start:end])]
    return found


def russian_runs(text: str) -> list[tuple[int, int]]:
    """Spans of consecutive paragraphs that have Cyrillic in them: only these go to the tagger,
    so an English text with one Russian quotation pays for the quotation, not the whole text
    (the tagger costs about a millisecond per hundred characters; see docs/benchmarks.md)."""
    runs: list[tuple[int, int]] = []
    start = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if _CYRILLIC.search(text, start, end):
            if runs and not text[runs[-1][1]:start].strip():
                runs[-1] = (runs[-1][0], end)  # only a break between: one run, as before
            else:
                runs.append((start, end))
        start = brk.end() if brk else len(text)
    return runs


def chunks(text: str, size: int) -> list[tuple[int, int]]:
    """Spans of at most ``size`` characters covering ``text``, each ending at a paragraph break if
    one is near, else a line break, else a space (a hard cut only in a run without any)."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = _last_break(window) or size
        spans.append((start, start + cut))
        start += cut
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _last_break(window: str) -> int:
    """The end of the last paragraph break in the second half of ``window``, or line break, or space."""
    half = len(window) // 2
    for mark in ("\n\n", "\n", " "):
        at = window.rfind(mark, half)
        if at >= 0:
            return at + len(mark)
    return 0


def _tagged(text: str) -> list[tuple[int, int, str]]:
    if not _CYRILLIC.search(text):
        return []
    # The tagger straight on the text, as natasha's Doc.tag_ner calls it: the Doc's own sentence and
    # token segmentation (razdel, about a fifth of the time) only attaches tokens to the spans, and
    # the spans' offsets and types, all that is kept here, do not depend on it.
    return [(s.start, s.stop, TYPES[s.type]) for s in _tagger()(text).spans if s.type in TYPES]
