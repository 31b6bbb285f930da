"""Page furniture taken out of a web page's text before it becomes the document's rendition:
menu and site lines (vocab/page_chrome.yaml) at the top or bottom of the page, and an image
caption that a page gives twice in a row (the figure's caption and its alt text, or a caption
the site prints above and below the picture). The original file is stored unchanged; only the
derived text loses these lines.

Lines in the middle of the content are never dropped for their words: "Search" or "Home" inside
a paragraph, or even on a line of its own between two paragraphs, may be content. One pass over
the lines, each compared once with the vocabulary and once with the line before it."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from opis import vocab

# A repeated line longer than this is not a caption; pages do not repeat whole paragraphs as
# furniture, and a document that repeats one on purpose keeps it.
MAX_CAPTION = 300
_SPACES = re.compile(r"\s+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def strip_chrome(text: str, chrome: Container[str] | None = None) -> str:
    """The page's text without furniture lines at its edges and without doubled captions."""
    lines = text.split("\n")
    start, end = content_span(lines, vocab.page_chrome() if chrome is None else chrome)
    return "\n".join(drop_repeated_captions(lines[start:end]))


def content_span(lines: Sequence[str], chrome: Container[str]) -> tuple[int, int]:
    """The slice of lines between the furniture at the top and at the bottom of a page: blank
    lines and lines that are, as a whole, one of the chrome entries (case-folded). Each line is
    looked at once: from the top until the first content line, then from the bottom down to it."""
    start = 0
    while start < len(lines) and _is_edge_line(lines[start], chrome):
        start += 1
    end = len(lines)
    while end > start and _is_edge_line(lines[end - 1], chrome):
        end -= 1
    return start, end


def drop_repeated_captions(lines: Sequence[str]) -> list[str]:
    """The lines with a short line that repeats the line before it (blank lines between them
    not counting) kept once; the blank lines around the dropped copy go with it."""
    out: list[str] = []
    previous = ""  # the key of the last non-blank line kept
    for line in lines:
        key = _caption_key(line)
        if key and key == previous:
            while out and not out[-1].strip():
                out.pop()
            continue
        if line.strip():
            previous = key
        out.append(line)
    return out


def looks_like_web_text(text: str, chrome: Container[str] | None = None) -> bool:
    """True when a text file begins with page furniture, as a web page saved as text does
    ("Skip to main content", "Menu", ...): only then is a plain text read as a web page."""
    chrome = vocab.page_chrome() if chrome is None else chrome
    for line in text.split("\n", 50)[:50]:
        if line.strip():
            return _normal(line) in chrome
    return False


def _is_edge_line(line: str, chrome: Container[str]) -> bool:
    return not line.strip() or _normal(line) in chrome


def _caption_key(line: str) -> str:
    """The line as compared for repetition; "" for lines that cannot be a caption (blank, too
    long, or without a letter, like the numbers of a table's column)."""
    if len(line) > MAX_CAPTION * 2:  # cheap bound before normalising
        return ""
    key = _normal(line)
    if not key or len(key) > MAX_CAPTION or not _HAS_LETTER.search(key):
        return ""
    return key


def _normal(line: str) -> str:
    return _SPACES.sub(" ", line).strip().casefold()
