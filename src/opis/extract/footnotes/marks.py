"""Where the body text points at a note: ``…1948)¹⁴``, ``[14]``, ``^14``, and markers printed as plain
digits glued to what they follow (``сообщений3.``, ``Korea.2``, ``Deptel 882.4`` = telegram 882, note 4,
``Embtel 20316`` = telegram 2031, note 6, ``January 7, 19551`` = 1955, note 1).

Plain digits are ambiguous on their own, so they are read against the notes that exist: the markers of a
run of notes are looked for in order, each after the one before, in the text before the run. A marker
glued to a letter or a closing punctuation mark is *strong*; digits glued to at least three other digits
are *weak* and only taken when no strong marker for that note follows. The candidates are collected in
one pass over the text and looked up by number, so the search stays linear in the text's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
GLUED_AFTER = r"[^\W\d_]|[.,;:!?)\]”\"’»]"
END = r"(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹\w])"
STRONG = re.compile(
    rf"(?P<sup>[{SUPERSCRIPTS}]+)|\[\^?(?P<br>\d{{1,4}})\]|\^(?P<caret>\d{{1,4}})"
    rf"|(?<={GLUED_AFTER})(?P<glued>\d{{1,4}}){END}"
)
DIGIT_RUN = re.compile(rf"(?<![\d.,])\d{{4,}}{END}")
# How far past the previous marker the next one is looked for.
WINDOW = 20_000


@dataclass
class Ref:
    offset: int
    strong: bool


@dataclass
class Candidates:
    """Every possible marker in a stretch of text, by the note number it would point at."""

    strong: dict[str, list[int]] = field(default_factory=dict)
    weak: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Candidates:
        found = cls()
        for m in STRONG.finditer(text, start, end):
            name = next(k for k in ("sup", "br", "caret", "glued") if m.group(k))
            where = m.start() if name in ("br", "caret") else m.start(name)  # a bracket marker starts at "["
            found.strong.setdefault(m.group(name).translate(TO_DIGITS), []).append(where)
        for m in DIGIT_RUN.finditer(text, start, end):
            run = m.group(0)
            for size in range(1, min(4, len(run) - 2)):  # at least three digits stay before the note number
                number = run[-size:]
                if not number.startswith("0"):
                    found.weak.setdefault(number, []).append(m.end() - size)
        for positions in found.weak.values():
            positions.sort()
        return found

    @staticmethod
    def _next(positions: list[int] | None, cursor: int, stop: int) -> int | None:
        if not positions:
            return None
        i = bisect_left(positions, cursor)
        return positions[i] if i < len(positions) and positions[i] < stop else None

    def next(self, number: str, cursor: int, end: int) -> Ref | None:
        stop = min(end, cursor + WINDOW)
        strong = self._next(self.strong.get(number), cursor, stop)
        if strong is not None:
            return Ref(strong, True)
        weak = self._next(self.weak.get(number), cursor, stop)
        return Ref(weak, False) if weak is not None else None


def sequential_refs(text: str, numbers: list[str], start: int, end: int) -> list[Ref | None]:
    """For each note number in order, its marker in ``text[start:end]`` after the one before (None if none)."""
    candidates = Candidates.of(text, start, end)
    out: list[Ref | None] = []
    cursor = start
    for number in numbers:
        ref = candidates.next(number, cursor, end)
        out.append(ref)
        if ref is not None:
            cursor = ref.offset + 1
    return out


def strong_share(refs: list[Ref | None]) -> float:
    """The share of notes whose marker was found as a strong marker."""
    return sum(1 for r in refs if r is not None and r.strong) / len(refs) if refs else 0.0
