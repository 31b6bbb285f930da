"""Runs of numbered lines that may be notes: ``14. …``, ``14) …``, ``14 …``, and ``14`` (or ``14.``) alone on its line.

Real publications print endnotes without a heading, restart their numbering in every chapter or
document, skip numbers where notes were cut, and (in e-book readers) put the number alone on its own
line with the note below it. A numbered line alone says little: body paragraphs are numbered too, and
a wrapped line may start with a year. So numbered lines of one shape are grouped into *runs*, and a
run is taken as notes only on evidence (``footnotes.py`` decides): a notes heading or a rule line
above it, markers in the text before it that point at its numbers, or entries that read as citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMBERED = {
    "dot": re.compile(r"^[ \t]*(\d{1,4})[.)][ \t]+(?=\S)"),
    "space": re.compile(r"^[ \t]*(\d{1,4})[ \t]+(?=[^\s\d.,;:)/%–—-])"),
    "alone": re.compile(r"^[ \t]*(\d{1,4})\.?[ \t]*$"),  # e-book readers print ``14`` or ``14.``
}
# How far the next number of a run may jump ahead (notes cut from an excerpt).
MAX_JUMP = 12
# How many paragraphs one note of an e-book run may hold.
MAX_PARAGRAPHS = 4


# An in-text note marker: a paragraph holding one is body text, not the continuation of a note.
BODY_MARKER = re.compile(r"\S\[\d{1,4}\]|\S[⁰¹²³⁴⁵⁶⁷⁸⁹]")


@dataclass
class Line:
    offset: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Entry:
    """One numbered line of a run and the lines of its note."""

    number: int
    index: int  # the line's index in the text
    marker_end: int  # where the note's own text starts on that line
    lines: list[int] = field(default_factory=list)  # indices of the continuation lines


@dataclass
class Run:
    style: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.entries[0].index


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        lines.append(Line(offset, raw.rstrip("\r\n")))
        offset += len(raw)
    return lines


TABLE_ROW = re.compile(r"\t|\S {3,}\S")


def numbered(line: str) -> tuple[str, int, int] | None:
    """(style, number, end of the marker) of a numbered line, or None. A line with cells apart (tabs or
    wide gaps) is a table row, not a note."""
    for style, pattern in NUMBERED.items():
        found = pattern.match(line)
        if found:
            return None if TABLE_ROW.search(line, found.end()) else (style, int(found.group(1)), found.end())
    return None


def _follows(previous: int, number: int, style: str, extra: int) -> bool:
    """Whether ``number`` may be the next note after ``previous`` in one run: a step forward of at most
    MAX_JUMP or a restart at 1. An e-book run (numbers alone on their lines) also repeats and steps back,
    as editions numbered by the page do. In an e-book run a restart at 1 must come straight after a
    one-paragraph note: paragraphs before a restart are the next document's body, not the note's."""
    if 0 < number - previous <= MAX_JUMP:
        return True
    if number == 1:
        return style != "alone" or extra == 0
    return style == "alone" and 0 < number <= previous + MAX_JUMP


def _next_entry(lines: list[Line], start: int, style: str, previous: int) -> int | None:
    """Index of the line that opens the run's next note, if the run goes on after line ``start``."""
    paragraphs = 0 if NUMBERED["alone"].match(lines[start].text) else 1
    in_paragraph = paragraphs == 1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.blank:
            in_paragraph = False
            continue
        found = numbered(line.text)
        if found and found[0] == style and _follows(previous, found[1], style, max(paragraphs - 1, 0)):
            if style != "alone" or _text_after(lines, i):
                return i
        if style == "alone" and (found and found[0] == style or BODY_MARKER.search(line.text)):
            return None  # another run starts (a restart after body text), or body text with note markers
        if not in_paragraph:
            paragraphs += 1
            in_paragraph = True
            if style != "alone" and paragraphs > 1 or paragraphs > MAX_PARAGRAPHS:
                return None
    return None


def _text_after(lines: list[Line], i: int) -> bool:
    """An e-book note number stands before its note: the next non-blank line is text, not a number. A number
    with a full stop (``3.``) stands right above its note; with a blank line under it, it is a heading (an
    edition's document number, ``188.``)."""
    if lines[i].text.rstrip().endswith(".") and (i + 1 >= len(lines) or lines[i + 1].blank):
        return False
    for line in lines[i + 1:i + 3]:
        if not line.blank:
            return numbered(line.text) is None
    return False


def _closes_text(lines: list[Line], i: int, stop: int) -> bool:
    """Whether only a few plain paragraphs stand between line ``i`` and the end of the text: an e-book
    note that closes its file keeps its later paragraphs (nothing else could own them)."""
    rest = [line.text for line in lines[i:stop] if not line.blank]
    paragraphs = sum(1 for k in range(i, stop) if not lines[k].blank and (k == i or lines[k - 1].blank))
    return (stop == len(lines) and paragraphs < MAX_PARAGRAPHS
            and not any(numbered(t) or BODY_MARKER.search(t) for t in rest))


def _body_lines(lines: list[Line], entry: Entry, stop: int, style: str, last: bool) -> list[int]:
    """The lines of one note: up to the next entry; a note in a ``dot``/``space`` run, and the last note
    of an e-book run, end at their first blank line after some text. The last note of an e-book run also
    ends before a number alone on its line with text after it: that opens the next run (another chapter's
    notes, or notes after a cut of more than MAX_JUMP), never a line of this note."""
    out: list[int] = []
    seen_text = bool(lines[entry.index].text[entry.marker_end:].strip())
    for i in range(entry.index + 1, stop):
        if lines[i].blank:
            if seen_text and (style != "alone" or last and not _closes_text(lines, i, stop)):
                break
            continue
        if last and style == "alone" and seen_text and NUMBERED["alone"].match(lines[i].text) \
                and _text_after(lines, i):
            break
        out.append(i)
        seen_text = True
    return out


def find_runs(lines: list[Line], taken: set[int]) -> list[Run]:
    """Every run of numbered lines not already ``taken`` by another kind of note, in text order."""
    runs: list[Run] = []
    i = 0
    while i < len(lines):
        found = None if i in taken else numbered(lines[i].text)
        if found is None or found[0] == "alone" and not _text_after(lines, i):
            i += 1
            continue
        style, number, end = found
        run = Run(style, [Entry(number, i, end)])
        nxt = _next_entry(lines, i, style, number)
        while nxt is not None and nxt not in taken:
            found = numbered(lines[nxt].text)
            assert found is not None
            run.entries.append(Entry(found[1], nxt, found[2]))
            nxt = _next_entry(lines, nxt, style, found[1])
        for k, entry in enumerate(run.entries):
            last = k + 1 == len(run.entries)
            stop = len(lines) if last else run.entries[k + 1].index
            entry.lines = _body_lines(lines, entry, stop, style, last)
        runs.append(run)
        i = max(e.lines[-1] if e.lines else e.index for e in run.entries) + 1
    return runs
