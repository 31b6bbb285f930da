"""A printed page's text by its layout: body paragraphs, notes at the page foot, furniture dropped.

Input is the page's text as positioned spans (a run of one size on one baseline), from a PDF
text layer or from OCR word boxes. Spans are set into rows by baseline; a smaller span raised
above its row's baseline is a superscript, and superscript digits are a note marker, written
``[^N]`` glued to the word before it, so "1950" with marker 5 never reads "19505". Rows set in
a smaller size below the last body-size row, opening with a note number, are the page's notes;
the running head and the printed page number (first and last rows, in a smaller size or bare
numbers) are dropped, the number kept as the page's label. Where a paragraph or a note may go
on across the page break is recorded, for ``pdfflow`` to join pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SMALLER = 0.92  # a size below this share of the body size is a note's (or a head's) size
SUPER_SIZE = 0.86  # a superscript is set at most this share of its row's size...
SUPER_RISE = 0.12  # ...with its baseline raised by at least this share of it
SAME_ROW = 0.3  # baselines closer than this share of the size are one row
_MAX_MARKERS_IN_ROW = 12
_MARKER = re.compile(r"^\d{1,4}$")
# A note number not raised: "5 Text", "5. Text", "5) Text", or glued to a capital ("5See", as
# LibreOffice prints its footnote area).
PLAIN_NUMBER = re.compile(r"^(\d{1,4})(?:[.)]?\s+(?=\S)|(?=[A-ZА-ЯЁ“\"«(]))")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:page\s+|стр\.\s*|с\.\s*)?(\d{1,4}|[ivxlcdm]{1,7})(?:\s*/\s*\d+)?[-–—\s]*$",
                          re.IGNORECASE)
_ENDS_PARAGRAPH = re.compile(r"[.!?:;»”\")\]]$")


@dataclass(frozen=True)
class Span:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float


@dataclass
class Row:
    spans: list[Span]
    sup: set[int] = field(default_factory=set)  # indexes of superscript spans

    @property
    def size(self) -> float:
        sizes = Counter[float]()
        for i, s in enumerate(self.spans):
            if i not in self.sup:
                sizes[round(s.size, 1)] += len(s.text)
        return sizes.most_common(1)[0][0] if sizes else max(s.size for s in self.spans)

    @property
    def baseline(self) -> float:
        normal = [s.baseline for i, s in enumerate(self.spans) if i not in self.sup]
        return max(normal or [s.baseline for s in self.spans])

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.spans)

    @property
    def top(self) -> float:
        return min(s.top for s in self.spans)

    def plain(self) -> str:
        return " ".join(s.text.strip() for s in self.spans).strip()


@dataclass
class Para:
    """A body paragraph on one page. ``open_start``: its first row is not indented, so it may be
    the rest of the previous page's last paragraph; ``open_end``: its last row runs to the margin
    without closing punctuation, so it may go on overleaf."""

    text: str
    open_start: bool = False
    open_end: bool = False


@dataclass
class NotePiece:
    """A note at a page's foot; ``number`` None: the rest of the previous page's last note."""

    number: str | None
    text: str


@dataclass
class PageLayout:
    number: int
    paragraphs: list[Para] = field(default_factory=list)
    notes: list[NotePiece] = field(default_factory=list)
    label: str | None = None
    foot_rule: bool = False  # a short rule above the notes (the page showed one)

    def text(self) -> str:
        """The page as it reads on its own: its body, then its notes in the ``[^N]:`` form."""
        body = [p.text for p in self.paragraphs]
        notes = [f"[^{n.number}]: {n.text}" if n.number else n.text for n in self.notes]
        return "\n\n".join([*body, *(["\n".join(notes)] if notes else [])])


def body_size(pages: Iterable[Sequence[Span]]) -> float:
    """The size most characters of the document are set in."""
    sizes = Counter[float]()
    for spans in pages:
        for s in spans:
            sizes[round(s.size, 1)] += len(s.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def rows_of(spans: Sequence[Span]) -> list[Row]:
    """Spans set into rows, top to bottom; raised small spans join the row they belong to."""
    rows: list[Row] = []
    base = size = 0.0  # the current row's first baseline and largest size, kept as spans join
    for span in sorted((s for s in spans if s.text.strip()), key=lambda s: (s.baseline, s.x0)):
        if rows and abs(span.baseline - base) <= SAME_ROW * max(span.size, size):
            rows[-1].spans.append(span)
            size = max(size, span.size)
        else:
            rows.append(Row([span]))
            base, size = span.baseline, span.size
    merged: list[Row] = []
    for i, row in enumerate(rows):
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below is not None and _superscript_row(row, below):
            below.spans.extend(row.spans)
            below.sup.update(range(len(below.spans) - len(row.spans), len(below.spans)))
        else:
            merged.append(row)
    for row in merged:
        order = sorted(range(len(row.spans)), key=lambda k: row.spans[k].x0)
        position = {k: i for i, k in enumerate(order)}
        row.sup = {position[k] for k in row.sup}
        row.spans = [row.spans[k] for k in order]
        main, base = row.size, row.baseline
        row.sup |= {k for k, s in enumerate(row.spans)
                    if s.size < SUPER_SIZE * main and base - s.baseline > SUPER_RISE * main}
    return merged


def _superscript_row(row: Row, below: Row) -> bool:
    if len(row.spans) > _MAX_MARKERS_IN_ROW:
        return False  # a row of markers is short; this also bounds the overlap test below
    size = max(s.size for s in row.spans)
    rise = below.baseline - row.baseline
    return (size < SUPER_SIZE * below.size and 0 < rise < 0.7 * below.size
            and all(not (s.x0 < b.x1 - 0.5 and b.x0 < s.x1 - 0.5) for s in row.spans for b in below.spans))


def row_text(row: Row) -> tuple[str, str | None]:
    """The row's text with markers as ``[^N]``, and the note number it opens with, if any."""
    out = ""
    lead: str | None = None
    prev: Span | None = None
    for k, span in enumerate(row.spans):
        text = span.text.strip()
        if k in row.sup and _MARKER.match(text):
            if prev is None:
                lead = text
                continue
            gap = span.x0 - prev.x1
            out = out.rstrip() if gap < 0.4 * prev.size else out
            out += f"[^{text}]"
        else:
            if prev is not None and out and not out.endswith(" "):
                gap = span.x0 - prev.x1
                if gap > 0.15 * min(span.size, prev.size) or span.text[:1].isspace() or prev.text[-1:].isspace():
                    out += " "
            out += text
        prev = span
    return re.sub(r"\s+", " ", out).strip(), lead


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def furniture_key(text: str) -> str:
    """A running head without its page number, to spot the same head on other pages."""
    return re.sub(r"[\d\s]+", " ", text).strip().lower()


def join_rows(first: str, second: str) -> str:
    """Two rows of one paragraph. A word broken by a hyphen between lower-case letters is mended
    ("co-" "operation"); a hyphen before a capital or a digit stays, without a space
    ("Soviet-" "Korean", "Р-" "5446"); a dash standing apart keeps its spaces."""
    if re.search(r"\w[a-zа-яё]-$", first) and re.match(r"[a-zа-яё]", second):
        return first[:-1] + second
    if re.search(r"\w-$", first) and re.match(r"[\w]", second):
        return first + second
    return f"{first} {second}" if first else second


def column_groups(spans: Sequence[Span], body: float = 0.0) -> list[list[Span]]:
    """The page's spans in reading order: full-width lines above two columns, the left column,
    the right column, full-width lines below (notes across the page); or all of them as one group
    when the page has no gutter, an empty vertical strip in its middle third that most lines
    respect, with enough text on each side. Only text of the body size or larger is looked at:
    notes at the foot run across the gutter."""
    text = [s for s in spans if s.text.strip()]
    big = [s for s in text if s.size >= SMALLER * body]
    gutter = _gutter(big)
    if gutter is None:
        return [list(spans)]
    sided = [s for s in big if s.x1 <= gutter or s.x0 >= gutter]
    top, bottom = min(s.top for s in sided), max(s.bottom for s in sided)
    groups: list[list[Span]] = [[], [], [], []]  # above, left, right, below
    for s in text:
        if s.bottom <= top:
            groups[0].append(s)
        elif s.top >= bottom - 0.5 or (s.x0 < gutter < s.x1):
            groups[3].append(s)  # below the columns, or across them: the notes, a wide table
        else:
            groups[1 if s.x1 <= gutter else 2].append(s)
    return [g for g in groups if g]


def _gutter(text: list[Span]) -> float | None:
    if len(text) < 20:
        return None
    lo, hi = min(s.x0 for s in text), max(s.x1 for s in text)
    step = 2.0
    bins = [0] * (int((hi - lo) / step) + 1)
    for s in text:
        for b in range(int((s.x0 - lo) / step), min(int((s.x1 - lo) / step), len(bins) - 1) + 1):
            bins[b] += 1
    allowed = max(2.0, 0.05 * len(text))  # a title or a wide table may cross the gutter
    quiet = [b for b in range(int(0.3 * len(bins)), int(0.7 * len(bins))) if bins[b] <= allowed]
    runs: list[list[int]] = []
    for b in quiet:
        if runs and b == runs[-1][-1] + 1:
            runs[-1].append(b)
        else:
            runs.append([b])
    widest = max(runs, key=len, default=[])
    if len(widest) * step < 6.0:
        return None
    gutter = lo + (widest[0] + widest[-1] + 1) / 2 * step
    sides = (sum(1 for s in text if s.x1 <= gutter), sum(1 for s in text if s.x0 >= gutter))
    return gutter if min(sides) >= 0.25 * len(text) else None
