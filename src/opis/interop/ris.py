"""RIS, tagged as Zotero's RIS translator reads it: ``DB`` the archive, ``AN`` the place in it,
``A4`` translators, ``A2`` a letter's recipient, ``M3`` the kind of document, ``PB`` who published a
translation (a body that translated is never an author). A document printed in an edition (FRUS) is a
``CHAP`` in its volume: ``T2`` the volume, ``VL``, ``SP`` its first page, ``A3`` the edition's editors,
``UR`` the edition's page. ``AU`` holds people as ``Family, Given`` (a family-first name too: "Kim, Il
Sung") and bodies whole, with no comma to split them at."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from opis.interop.context import CiteContext, type_of
from opis.interop.csl import csl_item, item_genre
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
    ris_type = "CHAP" if doc.edition is not None else type_of(item_genre(doc, ctx), "ris")
    lines = [_line("TY", ris_type), _line("ID", doc.id), _line("TI", doc.title)]
    lines += _names("AU", item.get("author", []))
    if ris_type == "PCOMM":
        lines += _names("A2", item.get("recipient", []))
    lines += _names("A4", item.get("translator", []))
    lines += _names("A3", item.get("editor", []))  # the edition's editors (Zotero: series editor)
    date = doc.date or (ctx.work.date if ctx.work is not None else None)
    parts = first_parts(date)
    if parts:
        lines += [_line("PY", f"{parts[0]:04d}"), _line("DA", ris_date(date))]
    for tag, key in (("T2", "container-title"), ("VL", "volume"), ("SP", "page"), ("PB", "publisher"),
                     ("CY", "publisher-place"), ("M3", "genre"), ("DB", "archive"), ("AN", "archive_location"),
                     ("LA", "language"), ("AB", "abstract"), ("N1", "note"), ("UR", "URL")):
        if item.get(key):
            lines.append(_line(tag, str(item[key])))
    lines += [_line("KW", s) for s in doc.subjects]
    lines.append(f"ER  - {EOL}")
    return "".join(lines)
