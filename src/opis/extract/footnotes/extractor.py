"""Footnote bodies in plain text, with their numbers and where the body text refers to them.

Two kinds of note lines:

* A line opening with an explicit note marker is a note wherever it stands: superscript digits
  (``¹²``), brackets (``[14]``), a caret (``^14``, ``[^14]:``). It goes on over the following lines
  until the next note or a blank line.
* Numbered lines, ``14. …``, ``14) …``, ``14 …``, or ``14`` alone on its line with the note on the next
  lines (e-book readers), are grouped into runs (``noteruns.py``) and a run is taken as notes only on
  evidence: a notes heading (``Notes``, ``Примечания``) or a rule line (``____``) just above it; markers in
  the text before it that point at its numbers in order (``notemarks.py``); or, for at least half of its
  entries, text that reads as a reference (``citecues.py``). Numbering may restart (every document of an
  edition starts at 1) and jump (notes cut from an excerpt); a note is found by its own number.
* Text copied from printed pages (``pages.py``): running heads (``94 Foreign Relations, …``) are never notes, and
  where the pages are known (form feeds, running heads) a run of numbered lines that repeats a note number of a
  later run on the same page is the page's numbered paragraphs, not its notes.

Lines of one note are joined with one space, except before a line that opens with closing punctuation (an
e-book prints an italic title on a line of its own: ``Lum,`` / ``Peking, 1950–1953`` / ``, p. 71.``) and after a
web address broken at a dot or slash (``http://www.`` / ``time.com/…``). Where the pages are known, a note left
unfinished at the foot of one page goes on at the foot of the next (``pages.run_ons``), and so does one broken after
a full stop when the next foot opens with a small letter.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.citations.cues import reads_as_reference
from opis.extract.citations.terms import forms
from opis.extract.footnotes.marks import SUPERSCRIPTS, sequential_refs, strong_share
from opis.extract.footnotes.pages import page_starts, run_ons, running_heads
from opis.extract.footnotes.runs import Line, Run, find_runs, split_lines
from opis.extract.textview import in_spans

SUP = f"[{SUPERSCRIPTS}]"
TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
LINE_MARKERS = (
    re.compile(rf"^[ \t]*({SUP}+)[ \t]*(?=[^\s,.;:)])"),
    re.compile(r"^[ \t]*\[(\d{1,4})\][ \t]*(?=[^\s,.;:)])"),
    re.compile(r"^[ \t]*\[?\^(\d{1,4})\]?:?[ \t]*(?=\S)"),
)
INLINE_REFS = re.compile(rf"(?<=\S)({SUP}+)|(?<=\S)\[\^?(\d{{1,4}})\]|(?<=\S)\^(\d{{1,4}})")
RULE = re.compile(r"^[ \t]*(?:[_\-–—*=·•.][ \t]*){3,}$")
# Share of a run's notes that must have a marker in the text before it, or must read as references.
EVIDENCE = 0.5
MAX_REFS = 100  # offsets listed per note
GLUED_AFTER = re.compile(r"^[,.;:)\]]")
BROKEN_WORD = re.compile(r"[^\W\d_]-$")  # "aide-" / "mémoire": the hyphen stays, the line break goes
BROKEN_URL = re.compile(r"(?:https?://|www\.)\S*[./]$")


def join_lines(lines: list[str]) -> str:
    """The lines of one note as one text (see the module docstring)."""
    out = ""
    for line in lines:
        glued = not out or GLUED_AFTER.match(line) or BROKEN_URL.search(out) or BROKEN_WORD.search(out) \
            and line[:1].islower()
        out += line if glued else " " + line
    return out


@dataclass
class Note:
    number: str
    offset: int
    end: int
    lines: list[str] = field(default_factory=list)
    refs: list[int] = field(default_factory=list)
    continued: list[tuple[int, int]] = field(default_factory=list)  # where it goes on at the next page's foot

    def finding(self, refs: list[int]) -> Finding:
        found: Finding = {"number": self.number, "text": join_lines(self.lines), "offset": self.offset,
                          "end": self.end, "refs": refs[:MAX_REFS]}
        if len(refs) > MAX_REFS:  # a number used over and over would make every note with it list them all
            found["refs_total"] = len(refs)
        if self.continued:
            found["continued"] = [list(span) for span in self.continued]
        return found

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@cache
def _headings() -> frozenset[str]:
    return frozenset(forms("notes_headings"))


def _marked_notes(lines: list[Line]) -> tuple[list[Note], set[int]]:
    """Notes opened by an explicit marker, and the indices of the lines they take."""
    notes: list[Note] = []
    taken: set[int] = set()
    current: Note | None = None
    for i, line in enumerate(lines):
        found = next((m for m in (p.match(line.text) for p in LINE_MARKERS) if m), None)
        if found:
            number = found.group(1).translate(TO_DIGITS)
            current = Note(number, line.offset, line.offset + len(line.text), [line.text[found.end():].strip()])
            notes.append(current)
            taken.add(i)
        elif line.blank or line.text.strip().rstrip(":") in _headings() or RULE.match(line.text):
            current = None
        elif current is not None:
            current.lines.append(line.text.strip())
            current.end = line.offset + len(line.text)
            taken.add(i)
    return notes, taken


def _run_notes(lines: list[Line], run: Run, heads: set[int]) -> list[Note]:
    notes = []
    for entry in run.entries:
        first = lines[entry.index]
        kept = [i for i in entry.lines if i not in heads]  # a running head between a note's paragraphs
        texts = [first.text[entry.marker_end:].strip()] + [lines[i].text.strip() for i in kept]
        last = lines[kept[-1]] if kept else first
        notes.append(Note(str(entry.number), first.offset, last.offset + len(last.text), [t for t in texts if t]))
    return notes


def _above(lines: list[Line], index: int) -> str:
    """The nearest non-blank line above line ``index``."""
    for i in range(index - 1, max(index - 4, -1), -1):
        if not lines[i].blank:
            return lines[i].text.strip()
    return ""


@dataclass
class Region:
    """Where the markers of the next run of notes are looked for: the body text after the last run
    taken; a run that goes straight on from the last one (numbering that steps back) shares its text."""

    start: int = 0
    end: int = 0
    cursor: int = 0
    last_end: int = 0

    def for_run(self, text: str, first: Note) -> tuple[int, int]:
        if self.last_end and not text[self.last_end:first.offset].strip():
            return self.cursor, self.end
        return self.last_end, first.offset

    def taken(self, span: tuple[int, int], notes: list[Note]) -> None:
        self.start, self.end = span
        self.cursor = max([r + 1 for n in notes for r in n.refs] + [span[0]])
        self.last_end = notes[-1].end


def _accept(text: str, lines: list[Line], run: Run, notes: list[Note], span: tuple[int, int]) -> bool:
    """Whether a run of numbered lines is a run of notes (see the module docstring)."""
    numbers = [n.number for n in notes]
    refs = sequential_refs(text, numbers, *span)
    for note, ref in zip(notes, refs, strict=True):
        note.refs = [ref.offset] if ref is not None else []
    above = _above(lines, run.first)
    if above.rstrip(":") in _headings() or RULE.match(above):
        return True
    if strong_share(refs) >= EVIDENCE:
        return True
    # On its text alone: a date line (a day, a month, a year) is not a note, whatever reference follows it.
    return sum(1 for n in notes if reads_as_reference(n.text) and not _dated(n)) >= EVIDENCE * len(notes)


def _foot_of_page(runs: list[list[Note]], starts: list[int]) -> list[Note]:
    """The notes of the accepted runs, less any run that shares a note number with a later run on the same
    page: a page prints its notes at its foot, so numbered lines above them that repeat their numbers
    (``1. Reference is made …`` above ``1 Source: …``) are the page's numbered paragraphs."""
    def page(note: Note) -> int:
        return bisect_right(starts, note.offset)

    body: set[int] = set()
    if starts:
        seen: dict[tuple[int, str], int] = {}  # (page, number) -> the last run that has it
        for k in range(len(runs) - 1, -1, -1):
            for note in runs[k]:
                later = seen.get((page(note), note.number))
                if later is not None and later != k:
                    body.add(k)
            for note in runs[k]:
                seen.setdefault((page(note), note.number), k)
    return [note for k, notes in enumerate(runs) if k not in body for note in notes]


def _numbered_headings(text: str, notes: list[Note]) -> list[Note]:
    """The run's notes less the numbered headings among them. A document printed with its number (``3. Telegram
    From the Embassy …``, a web page or an edition) is followed by its notes numbered from 1 again: an entry
    just before a restart whose own text holds the markers of the notes after it, in order, is the document's
    heading and body, not a note (a note does not carry the markers of the notes below it)."""
    # -1: a mark, or a digit string no note number has (a hostile run of superscripts)
    values = [int(n.number) if re.fullmatch(r"[0-9]{1,6}", n.number) else -1 for n in notes]
    restarts = [k for k in range(1, len(notes)) if 0 <= values[k] < values[k - 1]]
    body: set[int] = set()
    for i, k in enumerate(restarts):
        # the numbers after the restart, up to the next one: each note is looked at for one restart only
        after = [n.number for n in notes[k:restarts[i + 1] if i + 1 < len(restarts) else len(notes)]]
        refs = sequential_refs(text, after, notes[k - 1].offset, notes[k - 1].end)
        if strong_share(refs) >= EVIDENCE:
            body.add(k - 1)
    return [n for k, n in enumerate(notes) if k not in body]


def _dated(note: Note) -> bool:
    """Whether a numbered line is a date (``1 марта 1921, № 23``, ``5 March 1950``): a day, a month's name and
    a year, not a note numbered 1 or 5."""
    words = note.text.split(maxsplit=2)
    return (len(words) >= 2 and words[0].casefold().rstrip(".,") in _month_names()
            and bool(re.match(r"^\d{4}\b", words[1])))


@cache
def _month_names() -> frozenset[str]:
    from opis.extract.dates.vocab import load

    v = load()
    return frozenset(v.months_en) | frozenset(v.months_ru)


def _notes(text: str, lines: list[Line], marked: list[Note], taken: set[int], heads: set[int],
           starts: list[int]) -> list[Note]:
    accepted: list[list[Note]] = []
    region = Region()
    for run in find_runs(lines, taken | heads):
        notes = _numbered_headings(text, _run_notes(lines, run, heads))
        span = region.for_run(text, notes[0]) if notes else (0, 0)
        if notes and _accept(text, lines, run, notes, span):
            accepted.append(notes)
            region.taken(span, notes)
    return sorted(marked + _foot_of_page(accepted, starts), key=lambda n: n.offset)


def find_notes(text: str) -> list[Note]:
    """Every footnote body in ``text``, in document order."""
    lines = split_lines(text)
    marked, taken = _marked_notes(lines)
    heads = running_heads(text, lines)
    starts = page_starts(text, lines, heads)
    found = _notes(text, lines, marked, taken, heads, starts)
    runs_on = run_ons(lines, starts, heads, [(n.offset, n.text) for n in found])
    if not runs_on:
        return found
    # The run-on lines read again as part of the note they finish, not as notes or body of their own page.
    found = _notes(text, lines, marked, taken | {i for run in runs_on.values() for i in run}, heads, starts)
    offsets = [n.offset for n in found]
    for page_end, indices in runs_on.items():
        k = bisect_left(offsets, page_end) - 1  # the page's last note, which the run-on lines finish
        if k >= 0:
            found[k].lines += [lines[i].text.strip() for i in indices]
            last = lines[indices[-1]]
            found[k].continued.append((lines[indices[0]].offset, last.offset + len(last.text)))
    return found


def find_refs(text: str, notes: list[Note]) -> dict[str, list[int]]:
    """Offsets in the body text where each explicitly marked footnote number is referred to."""
    numbers = {n.number for n in notes}
    if not numbers:
        return {}  # nothing to refer to: the marker scan over the whole text would keep nothing
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
    refs = find_refs(ctx.text, [n for n in notes if not n.refs])
    return [note.finding(note.refs or refs.get(note.number, [])) for note in notes]
