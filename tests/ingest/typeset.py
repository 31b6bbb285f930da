"""A small typesetter for test PDFs laid out the way printed books and document editions are.

Body text in a serif face with superscript note markers glued to the word before them, notes at
the page foot in a smaller face under a short rule, a running head from the second page on, the
printed page number (in the head's outer corner, or centred at the foot), and a note that does
not fit at the foot of its page continued at the foot of the next one. The same document is also
written as its plain-text twin (superscript digits for markers, one line per note after the body),
so a test can compare what the extractors find in both.

A paragraph's note references are written ``{i}``, ``i`` indexing ``Doc.notes``; a note's printed
number is its own (FRUS prints the same number twice in one document at times).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest_support import find_font
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_REF = re.compile(r"\{(\d+)\}")


@dataclass(frozen=True)
class Note:
    number: str
    text: str


@dataclass
class Doc:
    title: str
    running_head: str
    paragraphs: list[str]
    notes: list[Note]
    first_page: int = 1
    number_at: str = "top"  # "top": in the running head's outer corner; "bottom": centred at the foot


@dataclass
class Style:
    width: float = 420.0  # A5-like, so that notes often meet the foot of a page
    height: float = 540.0
    margin: float = 48.0
    body_size: float = 10.5
    body_leading: float = 13.5
    note_size: float = 8.0
    note_leading: float = 10.0
    marker_size: float = 6.5
    rise: float = 3.8
    indent: float = 14.0
    title_size: float = 13.0
    columns: int = 1  # 2: two columns of body text, the notes across the page's foot
    gutter: float = 16.0


@dataclass
class Layout:
    """What the typesetter did, so a test can check its input has the cases it means to test."""

    pages: int = 0
    continued_notes: list[str] = field(default_factory=list)


def twin_text(doc: Doc) -> str:
    """The document as plain text: markers as superscript digits, then one line per note."""
    def marker(found: re.Match[str]) -> str:
        return doc.notes[int(found.group(1))].number.translate(SUPERSCRIPT)

    body = [_REF.sub(marker, p) for p in doc.paragraphs]
    notes = [f"{n.number.translate(SUPERSCRIPT)} {n.text}" for n in doc.notes]
    return "\n\n".join([doc.title, *body, "\n".join(notes)]) + "\n"


# A word is a list of pieces: (text, None) or ("", note index) for a marker after the text.
Piece = tuple[str, int | None]
Word = list[Piece]


def _words(paragraph: str) -> list[Word]:
    words: list[Word] = []
    for token in paragraph.split():
        pieces: Word = []
        at = 0
        for found in _REF.finditer(token):
            if found.start() > at:
                pieces.append((token[at:found.start()], None))
            pieces.append(("", int(found.group(1))))
            at = found.end()
        if at < len(token):
            pieces.append((token[at:], None))
        words.append(pieces)
    return words


class Typesetter:
    def __init__(self, doc: Doc, path: Path, style: Style | None = None) -> None:
        self.doc, self.style = doc, style or Style()
        _fonts()
        self.canvas = Canvas(str(path), pagesize=(self.style.width, self.style.height))
        self.canvas.setTitle(doc.title)
        self.layout = Layout()
        self.text_width = self.style.width - 2 * self.style.margin
        cols = self.style.columns
        self.col_width = (self.text_width - (cols - 1) * self.style.gutter) / cols
        self.page = 0
        self.carry: list[tuple[int, list[str], bool]] = []  # note lines left over for the next page
        self._new_page_state()

    # -- measuring ---------------------------------------------------------------------------
    def _piece_width(self, piece: Piece) -> float:
        text, note = piece
        if note is not None:
            return pdfmetrics.stringWidth(self.doc.notes[note].number, "serif", self.style.marker_size)
        return pdfmetrics.stringWidth(text, "serif", self.style.body_size)

    def _word_width(self, word: Word) -> float:
        return sum(self._piece_width(p) for p in word)

    def _body_lines(self, paragraph: str) -> list[list[Word]]:
        space = pdfmetrics.stringWidth(" ", "serif", self.style.body_size)
        lines: list[list[Word]] = [[]]
        used = self.style.indent
        for word in _words(paragraph):
            width = self._word_width(word)
            if lines[-1] and used + space + width > self.col_width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + width
            lines[-1].append(word)
        return lines

    def _note_lines(self, index: int) -> list[tuple[int, list[str], bool]]:
        note = self.doc.notes[index]
        marker = pdfmetrics.stringWidth(note.number + " ", "serif", self.style.marker_size)
        space = pdfmetrics.stringWidth(" ", "serif", self.style.note_size)
        lines: list[list[str]] = [[]]
        used = marker
        for word in note.text.split():
            width = pdfmetrics.stringWidth(word, "serif", self.style.note_size)
            if lines[-1] and used + space + width > self.text_width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + width
            lines[-1].append(word)
        return [(index, words, i == 0) for i, words in enumerate(lines)]

    # -- pages -------------------------------------------------------------------------------
    def _new_page_state(self) -> None:
        self.page += 1
        self.body_used = self.col_top = self.col0_used = 0.0
        self.col = 0
        self.foot: list[tuple[int, list[str], bool]] = list(self.carry)
        self.carry = []
        # line, first of paragraph, last of it, column, height used above it
        self.pending: list[tuple[list[Word], bool, bool, int, float]] = []

    def _foot_height(self, lines: int) -> float:
        return 0.0 if lines == 0 else 12.0 + lines * self.style.note_leading

    def _room(self) -> float:
        return self.style.height - 2 * self.style.margin - 18.0  # 18: the running head's band

    def run(self) -> Layout:
        self._title()
        for paragraph in self.doc.paragraphs:
            lines = self._body_lines(paragraph)
            for i, line in enumerate(lines):
                self._place(line, i == 0, i == len(lines) - 1)
        while self.carry or self.pending or self.foot:
            self._finish_page()
            if self.carry:
                self._new_page_state()
            else:
                break
        self.canvas.save()
        self.layout.pages = self.page
        return self.layout

    def _title(self) -> None:
        self.title_lines = simpleSplit(self.doc.title, "serif-bold", self.style.title_size, self.text_width)
        self.body_used = self.col_top = self.style.title_size * (1.3 * len(self.title_lines) + 1.2)

    def _place(self, line: list[Word], first: bool, last: bool) -> None:
        notes = [n for word in line for _, n in word if n is not None]
        new = [nl for n in notes for nl in self._note_lines(n)]
        free = self._room() - max(self.body_used + self.style.body_leading, self.col0_used)
        if self._foot_height(len(self.foot) + len(new)) <= free:
            self.foot += new
        else:
            fits = int((free - self._foot_height(1) + self.style.note_leading) // self.style.note_leading)
            fits -= len(self.foot)
            # Split the last new note (at least two lines stay with its marker), as books do.
            last_note = [nl for nl in new if nl[0] == new[-1][0]] if new else []
            before = len(new) - len(last_note)
            if new and fits - before >= 2 and fits < len(new):
                self.foot += new[:fits]
                self.carry = new[fits:]
                self.layout.continued_notes.append(self.doc.notes[new[-1][0]].number)
            elif self.col + 1 < self.style.columns:
                self.col0_used, self.body_used, self.col = self.body_used, self.col_top, self.col + 1
                self._place(line, first, last)
                return
            else:
                self._finish_page()
                self._new_page_state()
                self._place(line, first, last)
                return
        self.pending.append((line, first, last, self.col, self.body_used))
        self.body_used += self.style.body_leading

    def _finish_page(self) -> None:
        c, s = self.canvas, self.style
        top = s.height - s.margin
        y = top - 18.0
        if self.page == 1:
            c.setFont("serif-bold", s.title_size)
            for line in self.title_lines:
                y -= s.title_size * 1.3
                c.drawCentredString(s.width / 2, y, line)
        for line, first, last, col, above in self.pending:
            left = s.margin + col * (self.col_width + s.gutter)
            self._draw_body_line(line, top - 18.0 - above - s.body_leading, first, last, left)
        self._draw_foot()
        self._draw_furniture()
        c.showPage()
        self.pending = []
        self.foot = []

    def _draw_body_line(self, line: list[Word], y: float, first: bool, last: bool, left: float) -> None:
        s = self.style
        x = left + (s.indent if first else 0.0)
        natural = sum(self._word_width(w) for w in line)
        gaps = len(line) - 1
        space = pdfmetrics.stringWidth(" ", "serif", s.body_size)
        if not last and gaps:
            space = (left + self.col_width - x - natural) / gaps
        for word in line:
            for text, note in word:
                if note is None:
                    self.canvas.setFont("serif", s.body_size)
                    self.canvas.drawString(x, y, text)
                else:
                    text = self.doc.notes[note].number
                    self.canvas.setFont("serif", s.marker_size)
                    self.canvas.drawString(x, y + s.rise, text)
                x += self._piece_width((text, note))
            x += space

    def _draw_foot(self) -> None:
        if not self.foot:
            return
        c, s = self.canvas, self.style
        y = s.margin + len(self.foot) * s.note_leading
        c.setLineWidth(0.5)
        c.line(s.margin, y + 4.0, s.margin + self.text_width / 3, y + 4.0)
        for index, words, first in self.foot:
            y -= s.note_leading
            x = s.margin
            if first:
                number = self.doc.notes[index].number
                c.setFont("serif", s.marker_size)
                c.drawString(x, y + s.rise * 0.8, number)
                x += pdfmetrics.stringWidth(number + " ", "serif", s.marker_size)
            c.setFont("serif", s.note_size)
            c.drawString(x, y, " ".join(words))

    def _draw_furniture(self) -> None:
        c, s = self.canvas, self.style
        printed = str(self.doc.first_page + self.page - 1)
        head_y = s.height - s.margin
        if self.page > 1:
            c.setFont("serif-italic", 8.5)
            c.drawCentredString(s.width / 2, head_y, self.doc.running_head)
        if self.doc.number_at == "top" and self.page > 1:
            c.setFont("serif", 9.0)
            if self.page % 2:
                c.drawRightString(s.width - s.margin, head_y, printed)
            else:
                c.drawString(s.margin, head_y, printed)
        else:
            c.setFont("serif", 9.0)
            c.drawCentredString(s.width / 2, s.margin - 24.0, printed)


def _fonts() -> None:
    for name, file in (("serif", "DejaVuSerif.ttf"), ("serif-bold", "DejaVuSerif-Bold.ttf"),
                       ("serif-italic", "DejaVuSerif-Italic.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            path, _ = find_font(file)
            pdfmetrics.registerFont(TTFont(name, str(path)))


def typeset(doc: Doc, path: Path, style: Style | None = None) -> Layout:
    """Write ``doc`` to ``path`` as a typeset PDF; return what the layout did."""
    return Typesetter(doc, path, style).run()
