"""The built-in exporters: a plug-in module like any other (``opis.plugins.BUILTIN_PLUGINS`` names it),
registering its exporters when imported."""

from __future__ import annotations

import json

from opis.interop.bibtex import bibtex_entry
from opis.interop.chicago import chicago
from opis.interop.context import CiteContext
from opis.interop.csl import csl_item
from opis.interop.registry import EXPORTERS, Exporter
from opis.interop.ris import ris_record
from opis.interop.tabular import csv_header, csv_row, jsonl_row
from opis.model import Document


def _csl_json(doc: Document, ctx: CiteContext) -> str:
    return json.dumps(csl_item(doc, ctx), ensure_ascii=False, indent=2)


def _chicago_text(doc: Document, ctx: CiteContext) -> str:
    found = chicago(doc, ctx)
    return f"Note:\n{found.note}\n\nBibliography:\n{found.bibliography}\n"


for _exporter in (
    Exporter("csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "json", _csl_json,
             header="[\n", separator=",\n", footer="\n]\n", bulk=False),  # /search.json is the page's twin
    Exporter("ris", "RIS", "application/x-research-info-systems", "ris", ris_record, separator="\r\n"),
    Exporter("bibtex", "BibTeX", "application/x-bibtex", "bib", bibtex_entry, separator="\n"),
    Exporter("chicago", "Chicago (notes and bibliography)", "text/plain; charset=utf-8", "txt",
             _chicago_text, separator="\n\n", bulk=False),
    Exporter("csv", "CSV", "text/csv; charset=utf-8", "csv", csv_row, header=csv_header()),
    Exporter("jsonl", "JSON Lines", "application/x-ndjson", "jsonl", jsonl_row),
):
    EXPORTERS.register(_exporter.name)(_exporter)
