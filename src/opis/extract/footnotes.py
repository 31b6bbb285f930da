"""Footnote bodies in plain text, with their numbers and where the body text refers to them.

A footnote body opens a line with its number written as superscript digits (``¹²``), in brackets
(``[14]``), after a caret (``^14``, ``[^14]:``), or, below a notes heading (``Notes``,
``Примечания``), as ``14.`` or ``14)``. It goes on over the following lines until the next footnote
or a blank line. Lines are joined with one space. A numbered line below a notes heading only opens
a footnote when its number follows the previous one by 1 to 3, so a wrapped line starting with
``1993.`` stays part of the note above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.terms import forms
from opis.extract.textview import in_spans

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP = f"[{SUPERSCRIPTS}]"
TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
LINE_MARKERS = (
    re.compile(rf"^[ \t]*({SUP}+)[ \t]*(?=[^\s,.;:)])"),
    re.compile(r"^[ \t]*\[(\d{1,4})\][ \t]*(?=[^\s,.;:)])"),
    re.compile(r"^[ \t]*\[?\^(\d{1,4})\]?:?[ \t]*(?=\S)"),
)
NUMBERED = re.compile(r"^[ \t]*(\d{1,4})[.)][ \t]+(?=\S)")
INLINE_REFS = re.compile(rf"(?<=\S)({SUP}+)|(?<=\S)\[\^?(\d{{1,4}})\]|(?<=\S)\^(\d{{1,4}})")
MAX_STEP = 3
MAX_REFS = 100  # offsets listed per note


@dataclass
class Note:
    number: str
    offset: int
    end: int
    lines: list[str] = field(default_factory=list)

    def finding(self, refs: list[int]) -> Finding:
        found: Finding = {"number": self.number, "text": " ".join(self.lines), "offset": self.offset,
                          "refs": refs[:MAX_REFS]}
        if len(refs) > MAX_REFS:  # a number used over and over would make every note with it list them all
            found["refs_total"] = len(refs)
        return found


@cache
def _headings() -> frozenset[str]:
    return frozenset(forms("notes_headings"))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def _marker(line: str, numbered_after: int | None) -> re.Match[str] | None:
    for pattern in LINE_MARKERS:
        found = pattern.match(line)
        if found:
            return found
    if numbered_after is None:
        return None
    found = NUMBERED.match(line)
    if found and (numbered_after == 0 or 0 < int(found.group(1)) - numbered_after <= MAX_STEP):
        return found
    return None


def find_notes(text: str) -> list[Note]:
    """Every footnote body in ``text``, in document order."""
    notes: list[Note] = []
    current: Note | None = None
    numbered_after: int | None = None
    for offset, line in _lines(text):
        if line.strip().rstrip(":") in _headings():
            numbered_after, current = 0, None
            continue
        found = _marker(line, numbered_after)
        if found:
            number = found.group(1).translate(TO_DIGITS)
            current = Note(number, offset, offset + len(line), [line[found.end():].strip()])
            notes.append(current)
            if numbered_after is not None and found.re is NUMBERED:
                numbered_after = int(current.number)
        elif not line.strip():
            current = None
        elif current is not None:
            current.lines.append(line.strip())
            current.end = offset + len(line)
    return notes


def find_refs(text: str, notes: list[Note]) -> dict[str, list[int]]:
    """Offsets in the body text where each footnote number is referred to."""
    numbers = {n.number for n in notes}
    inside = [(n.offset, n.end) for n in notes]  # in order, apart: found by bisection
    refs: dict[str, list[int]] = {}
    for found in INLINE_REFS.finditer(text):
        number = next(g for g in found.groups() if g).translate(TO_DIGITS)
        if number in numbers and not in_spans(found.start(), inside):
            refs.setdefault(number, []).append(found.start())
    return refs


@extractor("footnotes")
def extract_footnotes(ctx: ExtractContext) -> list[Finding]:
    notes = find_notes(ctx.text)
    refs = find_refs(ctx.text, notes)
    return [note.finding(refs.get(note.number, [])) for note in notes]
