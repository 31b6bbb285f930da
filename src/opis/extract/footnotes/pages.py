"""Pages in a text copied from a printed book: form feeds and running heads.

A PDF's text layer keeps what the page printed around its text: a running head at the top of every page
(``94 Foreign Relations, 1955–1957, Volume XXIII`` on a left page, ``Korea 95`` on a right one) and, from
most converters, a form feed between pages. A running head that opens with its page number looks like a
numbered note (``94 …``), and the notes of a page sit at its foot, below numbered body paragraphs
(``1. Reference is made …``) that may carry the same numbers. So the lines that are running heads are set
apart, and the text is cut into pages where the page is known.

A running head is a short line that does not end a sentence, standing alone (a blank line, a form feed or
the start of the text above it, a blank line below), made of a page number and a title, where either it
opens a page (just after a form feed, or as the text's first line) or its title recurs on another such line
with another number. A repeated note (``12 Ibid.``, ``4 Not printed.``) ends with a full stop, so it is never a
head. A head that opens with its number, met once in the middle of a text with no form feed, is known by its
number: a page's number runs far ahead of the notes printed above it (``96 Foreign Relations, …`` after notes 7
and 8 is no note 96), and no numbered line follows it (a note ``96 Foreign Relations, 1951, vol. VII`` stands in a
run of notes 94, 95, 96, or opens one).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from opis.extract.footnotes.runs import MAX_JUMP, Line, numbered

FORM_FEED = "\f"
# Page number first (a left page) or last (a right page); the title is one to a dozen words.
NUMBER_FIRST = re.compile(r"^[ \t]*(\d{1,4})[ \t]+(\S(?:[^\n]{0,90}\S)?)[ \t]*$")
NUMBER_LAST = re.compile(r"^[ \t]*(\S(?:[^\n]{0,90}\S)?)[ \t]+(\d{1,4})[ \t]*$")
ENDS_SENTENCE = re.compile(r"[.!?…:;,]$")
MAX_WORDS = 12


def _parts(text: str) -> tuple[str, str] | None:
    """(number, title) of a line shaped like a running head, or None."""
    for pattern, number, title in ((NUMBER_FIRST, 1, 2), (NUMBER_LAST, 2, 1)):
        found = pattern.match(text)
        if found:
            name = found.group(title)
            words = name.split()
            if (not ENDS_SENTENCE.search(name) and len(words) <= MAX_WORDS
                    and any(ch.isalpha() for ch in name) and not name[:1].isdigit()):
                return found.group(number), " ".join(words).casefold()
    return None


def _opens_page(text: str, lines: list[Line], i: int) -> bool:
    """Whether line ``i`` is the first text of a page: a form feed just before it, or nothing but blank lines
    before it in the text."""
    line = lines[i]
    if line.text.startswith(FORM_FEED):
        return True
    for k in range(i - 1, -1, -1):
        if not lines[k].blank:
            return False
        if FORM_FEED in text[lines[k].offset:lines[k].offset + len(lines[k].text) + 1]:
            return True
    # the text's first line opens a page too: a copied page starts with its head, form feed or not
    return line.offset == 0 or text[line.offset - 1] == FORM_FEED or not text[:line.offset].strip()


def _alone(lines: list[Line], i: int) -> bool:
    above = i == 0 or lines[i - 1].blank or lines[i - 1].text.strip() == FORM_FEED
    below = i + 1 >= len(lines) or lines[i + 1].blank
    return above and below


def running_heads(text: str, lines: list[Line]) -> set[int]:
    """Indices of the lines that are running heads."""
    shaped: dict[int, tuple[str, str]] = {}
    for i, line in enumerate(lines):
        if line.blank or not _alone(lines, i):
            continue
        parts = _parts(line.text.replace(FORM_FEED, " "))
        if parts is not None:
            shaped[i] = parts
    numbers_by_title: dict[str, set[str]] = {}
    for number, title in shaped.values():
        numbers_by_title.setdefault(title, set()).add(number)
    return {i for i, (number, title) in shaped.items()
            if len(numbers_by_title[title]) > 1 or _opens_page(text, lines, i) or _page_number_first(lines, i, number)}


LOOK_BACK = 40  # lines looked at above a head for the notes printed before it (a bound for hostile text)


def _page_number_first(lines: list[Line], i: int, number: str) -> bool:
    """Whether line ``i``, shaped like a head that opens with its number, is one by its number (module docstring)."""
    if not NUMBER_FIRST.match(lines[i].text):
        return False
    below = next((line.text for line in lines[i + 1:i + 4] if not line.blank), "")
    if below and numbered(below):
        return False
    for k in range(i - 1, max(i - LOOK_BACK, -1), -1):
        found = None if lines[k].blank else numbered(lines[k].text)
        if found:
            return int(number) > found[1] + MAX_JUMP
    return False


UNFINISHED = re.compile(r"[^.!?…)\]”\"»]$")
# A line that opens a note of its own: a number, then a capital, a quote or a bracket.
NOTE_OPENER = re.compile(r"^[ \t]*(?:\d{1,4}[.)]?|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^?\d{1,4}\]:?)[ \t]+[A-ZА-ЯЁ\"“«(\[]")
RUN_ON_START = re.compile(r"^[ \t]*(?:\d|[a-zа-яё])")
SMALL_START = re.compile(r"^[ \t]*[a-zа-яё]")


def _foot_block(lines: list[Line], first: int, stop: int, heads: set[int]) -> list[int]:
    """Indices of the last block of non-blank lines between lines ``first`` and ``stop`` (running heads
    aside), or [] when that block is the page's only one (a page of body text has no foot)."""
    block: list[int] = []
    blocks = 0
    for i in range(first, stop):
        if i in heads or lines[i].blank or lines[i].text.strip() == FORM_FEED:
            if block:
                blocks += 1
                last, block = block, []
            continue
        block.append(i)
    if block:
        blocks += 1
        last = block
    return last if blocks > 1 else []


def run_ons(lines: list[Line], starts: list[int], heads: set[int],
            notes: list[tuple[int, str]]) -> dict[int, list[int]]:
    """For each page whose last note is unfinished (or whose next page's foot opens with a small letter: a note
    broken after a full stop), the lines of the next page that finish it, keyed by the
    offset where that next page starts (see the module docstring). ``notes`` are (offset, text), in order."""
    out: dict[int, list[int]] = {}
    offsets = [line.offset for line in lines]
    note_offsets = [offset for offset, _ in notes]
    for k, start in enumerate(starts):
        last = bisect_left(note_offsets, start) - 1  # the last note before this page starts
        if last < 0 or k and note_offsets[last] < starts[k - 1]:
            continue
        first = bisect_left(offsets, start)
        stop = bisect_left(offsets, starts[k + 1]) if k + 1 < len(starts) else len(lines)
        block = _foot_block(lines, first, stop, heads)
        if not block or not RUN_ON_START.match(lines[block[0]].text):
            continue
        # A note broken after a full stop goes on too when the foot opens with a small letter: no note opens so.
        if not UNFINISHED.search(notes[last][1].rstrip()) and not SMALL_START.match(lines[block[0]].text):
            continue
        run = []
        for i in block:
            if NOTE_OPENER.match(lines[i].text):
                break
            run.append(i)
        if run:
            out[start] = run
    return out


def page_starts(text: str, lines: list[Line], heads: set[int]) -> list[int]:
    """Offsets where a page begins: after every form feed and at every running head (sorted, unique). The start
    of the text is no page boundary: a head opening a one-page excerpt says nothing about where pages end."""
    starts = {m.end() for m in re.finditer(FORM_FEED, text)}
    starts.update(lines[i].offset for i in heads)
    first = len(text) - len(text.lstrip())
    return sorted(s for s in starts if s > first)
