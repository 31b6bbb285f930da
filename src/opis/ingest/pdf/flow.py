"""Pages laid out one by one, read as one text: the body flowing across page breaks, then the notes.

A paragraph whose last row runs to the margin goes on into the next page's first paragraph when
that one is not indented; a note piece without a number at the top of a page foot is the rest of
the previous page's last note. The notes follow the body in the ``[^N]: text`` form the footnote
extractor reads, one per line, in page order; the body's markers are ``[^N]``. ``TextBlock``s
say where in the text each paragraph and note stands and which pages it was printed on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opis.ingest.base import TextBlock
from opis.ingest.pdf.layout import PageLayout, join_rows


@dataclass
class _Piece:
    kind: str
    text: str
    pages: list[int]
    number: str | None = None
    open_end: bool = False


@dataclass
class Flow:
    text: str
    blocks: list[TextBlock] = field(default_factory=list)


def flow(pages: list[PageLayout]) -> Flow:
    body: list[_Piece] = []
    notes: list[_Piece] = []
    for page in pages:
        for i, para in enumerate(page.paragraphs):
            last = body[-1] if body else None
            if i == 0 and last is not None and last.open_end and para.open_start:
                last.text = join_rows(last.text, para.text)
                last.pages.append(page.number)
                last.open_end = para.open_end
            else:
                body.append(_Piece("body", para.text, [page.number], open_end=para.open_end))
        if not page.paragraphs and body:
            body[-1].open_end = False  # a page without body text ends the paragraph before it
        for note in page.notes:
            if note.number is None and notes:
                notes[-1].text = join_rows(notes[-1].text, note.text)
                notes[-1].pages.append(page.number)
            elif note.number is None:
                body.append(_Piece("body", note.text, [page.number]))
            else:
                notes.append(_Piece("note", note.text, [page.number], note.number))
    return _compose(body, notes)


def _compose(body: list[_Piece], notes: list[_Piece]) -> Flow:
    out = Flow("")
    parts: list[str] = []
    at = 0
    for k, piece in enumerate([*body, *notes]):
        sep = "" if k == 0 else ("\n" if piece.kind == "note" and k > len(body) else "\n\n")
        line = f"[^{piece.number}]: {piece.text}" if piece.kind == "note" else piece.text
        at += len(sep)
        parts += [sep, line]
        out.blocks.append(TextBlock(piece.kind, at, at + len(line), piece.pages, piece.number))
        at += len(line)
    out.text = "".join(parts)
    return out
