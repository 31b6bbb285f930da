"""RIS, tagged as Zotero's RIS translator reads it: ``DB`` the archive, ``AN`` the place in it,
``A4`` translators, ``A2`` a letter's recipient, ``M3`` the kind of document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from opis.interop.context import CiteContext, type_of
from opis.interop.csl import csl_item
from opis.interop.dates import first_parts, ris_date
from opis.interop.names import CslName, display
from opis.model import Document

EOL = "\r\n"  # the RIS specification's line end


def _line(tag: str, value: str) -> str:
    # A value is one line: a newline inside it would start a bogus tag.
    return f"{tag}  - {' '.join(value.split())}{EOL}"


def _names(tag: str, names: Iterable[CslName]) -> list[str]:
    return [_line(tag, display(n)) for n in names]


def ris_record(doc: Document, ctx: CiteContext) -> str:
    item: dict[str, Any] = csl_item(doc, ctx)
    ris_type = type_of(doc.genre, "ris")
    lines = [_line("TY", ris_type), _line("ID", doc.id), _line("TI", doc.title)]
    lines += _names("AU", item.get("author", []))
    if ris_type == "PCOMM":
        lines += _names("A2", item.get("recipient", []))
    lines += _names("A4", item.get("translator", []))
    parts = first_parts(doc.date)
    if parts:
        lines += [_line("PY", f"{parts[0]:04d}"), _line("DA", ris_date(doc.date))]
    for tag, key in (("M3", "genre"), ("DB", "archive"), ("AN", "archive_location"), ("LA", "language"),
                     ("AB", "abstract"), ("N1", "note"), ("UR", "URL")):
        if item.get(key):
            lines.append(_line(tag, str(item[key])))
    lines += [_line("KW", s) for s in doc.subjects]
    lines.append(f"ER  - {EOL}")
    return "".join(lines)
