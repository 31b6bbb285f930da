"""A rendition's text cut into paragraphs, with the names and footnote markers the extractors found
marked as links: the page renders each piece escaped, so marking never trusts the text.

Findings carry character offsets into the text they were extracted from. A mark is used only if
the text at its offsets is what the finding says it is, so findings from another version of the
text can never mislabel words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from markupsafe import Markup, escape

from opis.model.findings import Footnote, NameMention

_BREAK = re.compile(r"\n[ \t]*\n+|\f")
_MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\^?\d+\]|\^\d+")

# start, end, kind ("name", "fn", "low" OCR word, "hit" search term, "passage" a linked statement), target
Mark = tuple[int, int, str, str]


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph: parts between blank lines or page breaks, empty ones dropped."""
    out, start = [], 0
    for m in [*_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():
            out.append((start, text[start:end]))
        start = m.end() if m else end
    return out


def looks_like_name(text: str) -> bool:
    """Whether a found name is worth a link: three letters or more, and capitalised or not Latin.

    The names extractor also reports initials ("D.") and lower-case phrases ("as a"); linking
    those would scatter false links over the text.
    """
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and (any(c.isupper() for c in letters) or not text.isascii())


def name_marks(text: str, names: Iterable[NameMention], allowed: set[str]) -> list[Mark]:
    marks = []
    for n in names:
        start, end, target, written = n.start, n.end, n.authority, n.text
        if start is not None and end is not None and target in allowed and text[start:end] == written \
                and looks_like_name(written):
            marks.append((start, end, "name", target))
    return marks


def note_anchors(footnotes: Iterable[Footnote]) -> list[str]:
    """Each footnote's anchor on the page: its number, with ``-2``, ``-3`` … for a number met again (numbering
    that restarts, as FRUS d191's two notes 2), and no characters an id or a URL fragment cannot hold."""
    seen: dict[str, int] = {}
    out = []
    for note in footnotes:
        key = re.sub(r"[^\w.-]", "_", note.number) or "_"
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out


def footnote_marks(text: str, footnotes: Iterable[Footnote]) -> list[Mark]:
    notes = list(footnotes)
    marks = []
    for note, anchor in zip(notes, note_anchors(notes), strict=True):
        for ref in note.refs:
            found = _MARKER.match(text, ref)
            if found:
                marks.append((found.start(), found.end(), "fn", anchor))
    return marks


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def translated_footnote_marks(text: str, numbers: Iterable[str]) -> list[Mark]:
    """Footnote markers in a translation (``¹``, ``[1]``, ``^1``) that name a footnote of the original: linked
    to the same note, so the markers stay in step with the original's when the texts stand side by side."""
    known = set(numbers)
    marks = []
    for m in _MARKER.finditer(text):
        number = m.group().translate(_SUPERSCRIPT_DIGITS).strip("[]^")
        if number in known:
            marks.append((m.start(), m.end(), "fn", number))
    return marks


def segments(offset: int, para: str, marks: Sequence[Mark]) -> list[dict[str, str]]:
    """The paragraph as pieces: ``{"t": text}``, plus ``"name"`` or ``"fn"`` for a marked piece."""
    out: list[dict[str, str]] = []
    at = 0
    for start, end, kind, target in marks:
        lo, hi = start - offset, end - offset
        if lo < at or hi > len(para):  # overlapping or crossing a paragraph break: leave as text
            continue
        if lo > at:
            out.append({"t": para[at:lo]})
        out.append({"t": para[lo:hi], kind: target})
        at = hi
    if at < len(para):
        out.append({"t": para[at:]})
    return out


def marked_paragraphs(text: str, marks: Sequence[Mark]) -> list[list[dict[str, str]]]:
    ordered = sorted(marks)
    result = []
    for offset, para in paragraphs(text):
        inside = [m for m in ordered if offset <= m[0] and m[1] <= offset + len(para)]
        result.append(segments(offset, para, inside))
    return result


def to_html(parts: Sequence[Mapping[str, str]]) -> Markup:
    """One paragraph's pieces as HTML: every piece of text escaped, marks as links.

    Done here rather than in a template macro because a long document has thousands of pieces.
    """
    out = []
    for piece in parts:
        text = escape(piece["t"])
        if "name" in piece:
            out.append(f'<a class="name" href="/authorities/{escape(piece["name"])}">{text}</a>')
        elif "low" in piece:  # an OCR word read with low confidence: seen (class) and heard (note)
            pct = escape(piece["low"])
            out.append(f'<span class="lowconf" title="uncertain OCR reading ({pct}% confidence)">{text}'
                       f'<span class="visually-hidden"> (uncertain OCR reading, {pct}% confidence)</span></span>')
        elif "hit" in piece:
            out.append(f"<mark>{text}</mark>")
        elif "passage" in piece:  # the statement a decision record links to
            out.append(f'<mark class="passage" id="passage" tabindex="-1">{text}</mark>')
        elif "fn" in piece:
            target = escape(piece["fn"])
            number = escape(piece["fn"].split("-")[0])
            anchor = f' id="fnref-{target}"' if piece.get("first") else ""
            out.append(f'<a class="fnref" href="#fn-{target}"{anchor} aria-label="footnote {number}">{text}</a>')
        else:
            out.append(str(text))
    return Markup("".join(out))
