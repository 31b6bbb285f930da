"""A text with its notes after it, as an e-book prints them, and those notes as footnote findings.

FRUS ingest and the sample both keep a document's editorial notes this way: markers ``[n]`` in the
text where a note is called, then the source note and each note under its number, separated by
blank lines. The footnote findings carry exact offsets into that text, so the page lists the notes
and links each marker to its note, and the extractors read them as they read any e-book's notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from opis.model.findings import Footnote

SOURCE_LABEL = "Source note"
SOURCE_NUMBER = "source"


def marker_offsets(text: str, numbers: Sequence[str]) -> list[int | None]:
    """Where each note's ``[n]`` marker stands in the text, in order (numbering may restart)."""
    out: list[int | None] = []
    at = 0
    for number in numbers:
        found = text.find(f"[{number}]", at)
        out.append(found if found >= 0 else None)
        if found >= 0:
            at = found + 1
    return out


def with_notes(body: str, notes: Sequence[tuple[str, str]], source_note: str = "") -> tuple[str, list[Footnote]]:
    """``body`` followed by its source note and ``notes`` ((number, text) in order), and the footnotes."""
    refs = marker_offsets(body, [n for n, _ in notes])
    parts = [body]
    offset = len(body)
    found: list[Footnote] = []
    if source_note:
        parts.append(f"{SOURCE_LABEL}\n{source_note}")
        start = offset + 2 + len(SOURCE_LABEL) + 1
        found.append(Footnote(number=SOURCE_NUMBER, text=source_note, offset=start, end=start + len(source_note)))
        offset = start + len(source_note)
    for (number, note_text), ref in zip(notes, refs, strict=True):
        parts.append(f"{number}\n{note_text}")
        start = offset + 2 + len(number) + 1
        found.append(Footnote(number=number, text=note_text, offset=start, end=start + len(note_text),
                              refs=[ref] if ref is not None else []))
        offset = start + len(note_text)
    return "\n\n".join(parts), found
