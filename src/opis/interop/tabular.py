"""Documents as flat rows, for spreadsheets (CSV) and scripts (JSON Lines).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a
tab or carriage return) as a formula, so text from an archive could run there: such cells are
written with a leading apostrophe, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from opis import vocab
from opis.interop.archival import archive_of
from opis.interop.context import CiteContext
from opis.interop.csl import csl_item
from opis.interop.names import display
from opis.model import Document

COLUMNS = ("id", "url", "title", "date_as_written", "edtf", "earliest", "latest", "genre", "languages",
           "authors", "recipients", "archive", "archive_place", "archive_location", "archival_reference",
           "summary")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def row_of(doc: Document, ctx: CiteContext) -> dict[str, Any]:
    item = csl_item(doc, ctx)
    first = archive_of(doc.archival_refs[0]) if doc.archival_refs else None
    return {
        "id": doc.id, "url": ctx.url_of(doc), "title": doc.title,
        "date_as_written": doc.date.text if doc.date and doc.date.text else "",
        "edtf": doc.date.edtf if doc.date else "",
        "earliest": str(doc.date.earliest or "") if doc.date else "",
        "latest": str(doc.date.latest or "") if doc.date else "",
        "genre": vocab.labels("genres").get(doc.genre, doc.genre),
        "languages": " ".join(doc.languages),
        "authors": "; ".join(display(n) for n in item.get("author", [])),
        "recipients": "; ".join(display(n) for n in item.get("recipient", [])),
        "archive": first.name if first else "", "archive_place": first.place if first else "",
        "archive_location": first.location if first else "",
        "archival_reference": " | ".join(r.raw for r in doc.archival_refs),
        "summary": doc.summary,
    }


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_line(cells: Sequence[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(c) for c in cells])
    return out.getvalue()


def csv_header() -> str:
    return csv_line(COLUMNS)


def csv_row(doc: Document, ctx: CiteContext) -> str:
    row = row_of(doc, ctx)
    return csv_line([row[c] for c in COLUMNS])


def jsonl_row(doc: Document, ctx: CiteContext) -> str:
    return json.dumps(row_of(doc, ctx), ensure_ascii=False) + "\n"
