"""BibTeX (biblatex fields): dates in EDTF as biblatex reads them, names as ``Family, Given``.

BibTeX has no fields for an archive; the archival reference is written into ``note`` in the
order Chicago gives it (location, archive, place). The structured form is in CSL-JSON and RIS.
"""

from __future__ import annotations

import re
from typing import Any

from opis.interop.context import CiteContext, type_of
from opis.interop.csl import csl_item, item_genre
from opis.interop.dates import first_parts
from opis.interop.names import CslName, display
from opis.model import Document

_SPECIAL = re.compile(r"([\\{}%&#$_~^])")
_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def escape(value: str) -> str:
    """TeX's special characters made literal; whitespace (newlines too) folded to single spaces."""
    text = " ".join(value.split())
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m[1], "\\" + m[1]), text)


def _name(name: CslName) -> str:
    # A literal name is braced so BibTeX does not split it into first and last names.
    return "{" + escape(name["literal"]) + "}" if "literal" in name else escape(display(name))


def _field(key: str, value: str) -> str:
    return f"  {key} = {{{value}}},\n"


def _archival_note(item: dict[str, Any]) -> str:
    parts = [item.get("archive_location"), item.get("archive"), item.get("archive-place")]
    return ", ".join(str(p) for p in parts if p)


def bibtex_entry(doc: Document, ctx: CiteContext) -> str:
    item = csl_item(doc, ctx)
    fields = [_field("title", "{" + escape(doc.title) + "}")]
    for role in ("author", "translator", "editor"):
        if item.get(role):
            fields.append(_field(role, " and ".join(_name(n) for n in item[role])))
    date = doc.date or (ctx.work.date if ctx.work is not None else None)
    if date:
        fields.append(_field("date", escape(date.edtf)))
        parts = first_parts(date)
        if parts:
            fields.append(_field("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(f"  month = {_MONTHS[parts[1] - 1]},\n")
    notes = [n for n in (_archival_note(item), item.get("note")) if n]
    for key, value in (("type", item.get("genre")), ("language", item.get("language")),
                       ("note", ". ".join(notes)), ("abstract", item.get("abstract")),
                       ("booktitle", item.get("container-title")), ("volume", item.get("volume")),
                       ("number", item.get("number")), ("pages", item.get("page")),
                       ("publisher", item.get("publisher")), ("location", item.get("publisher-place")),
                       ("keywords", item.get("keyword"))):
        if value:
            fields.append(_field(key, escape(str(value))))
    # biblatex reads url verbatim: escaping would corrupt it, so only what could end the field goes.
    fields.append(_field("url", re.sub(r"[{}\s]", "", str(item["URL"]))))
    key = doc.id.replace("-", "_")
    kind = "incollection" if doc.edition is not None else type_of(item_genre(doc, ctx), "bibtex")
    return f"@{kind}{{{key},\n" + "".join(fields) + "}\n"
