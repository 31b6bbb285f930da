"""Plain text from TEI elements: block elements become paragraphs, table rows lines, cells
" | "-separated; source line-wrapping is collapsed; notes (and whatever else the caller
names) are left out while the text after them is kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = "{" + TEI_NS + "}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"tei": TEI_NS}

_BLOCK = frozenset(
    "p head item list quote opener closer dateline signed salute table lg l ab label div "
    "byline docAuthor postscript trailer argument epigraph sp speaker note bibl listBibl "
    "figure castList titlePage docTitle front body back text".split())
_SKIP_ALWAYS = frozenset({"fw", "teiHeader"})  # running heads and page numbers; the header is metadata
# Private-use characters mark breaks while the tree is walked, then become layout.
_BLOCK_MARK, _LINE_MARK, _CELL_MARK = "\ue000", "\ue001", "\ue002"
_SPACE = re.compile(r"\s+")

Skip = Callable[[Any], bool]


def local(tag: object) -> str:
    """Local name of an element tag; "" for comments and processing instructions."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def skip_notes(el: Any) -> bool:
    return local(el.tag) == "note"


def flatten(el: Any, skip: Skip = skip_notes) -> str:
    """The readable text of ``el``: paragraphs separated by blank lines."""
    parts: list[str] = []
    _walk(el, parts, skip)
    return _layout("".join(parts))


def one_line(el: Any, skip: Skip = skip_notes) -> str:
    """The text of ``el`` on one line (titles, names)."""
    return _SPACE.sub(" ", flatten(el, skip)).strip()


def _walk(el: Any, parts: list[str], skip: Skip) -> None:
    name = local(el.tag)
    mark = _BLOCK_MARK if name in _BLOCK else _CELL_MARK if name == "cell" else ""
    parts.append(mark)
    if name == "lb":
        parts.append(_LINE_MARK)
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and local(child.tag) not in _SKIP_ALWAYS and not skip(child):
            _walk(child, parts, skip)
        if child.tail:
            parts.append(child.tail)
    parts.append(_LINE_MARK if name == "row" else mark)


def _layout(raw: str) -> str:
    blocks: list[str] = []
    for block in _SPACE.sub(" ", raw).split(_BLOCK_MARK):
        lines = []
        for line in block.split(_LINE_MARK):
            cells = [c.strip() for c in line.split(_CELL_MARK)]
            text = " | ".join(c for c in cells if c)
            if text:
                lines.append(text)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
