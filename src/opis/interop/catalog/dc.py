"""The catalogue as simple Dublin Core: one ``<oai_dc:dc>`` per document inside a ``<records>`` root,
and such records (or an OAI-PMH response's) read back as catalogue rows.

Out: the same elements the OAI-PMH endpoint gives (``interop/oai_dc.py``), plus ``dc:identifier`` with
the opis id, so the file reads back to the documents it came from. In: each record becomes the cells
of one sheet row (``dc_row``), so the sheet import's readers (dates, references, names) and its dry
run and row errors apply unchanged. Parsing the bytes safely is the caller's (``ingest/safexml.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree

from opis import vocab
from opis.interop.oai_dc import DC, OAI_DC, DcContext, clean, oai_dc
from opis.model import Document
from opis.model.ids import kind_of


def dublin_core(docs: Iterable[Document], base_url: str = "", publisher: str = "opis") -> etree._Element:
    root = etree.Element("records")
    ctx = DcContext(base_url=base_url, publisher=publisher)
    for doc in docs:
        record = oai_dc(doc, ctx)
        etree.SubElement(record, f"{{{DC}}}identifier").text = doc.id
        root.append(record)
    return root


# -- reading ---------------------------------------------------------------------------------

OAI_PMH = "http://www.openarchives.org/OAI/2.0/"
# Root elements a Dublin Core file can have: our export's wrapper, one record, an OAI-PMH response.
DC_ROOTS = frozenset({"records", "dc", "OAI-PMH"})
_PERMALINK = re.compile(r"/documents/([^/?#]+)$")
_COLLECTION = re.compile(r"/collections/([^/?#]+)$")


class DcError(ValueError):
    pass


def dc_records(root: etree._Element) -> list[etree._Element]:
    """The ``oai_dc:dc`` elements of a file, in order (an OAI-PMH record marked deleted has none)."""
    name = etree.QName(root).localname
    if name == "dc":
        return [root]
    if name == "records":
        return [el for el in root if isinstance(el.tag, str) and etree.QName(el).localname == "dc"]
    if name == "OAI-PMH":
        return list(root.iter(f"{{{OAI_DC}}}dc"))
    raise DcError(f"<{name}> is not a Dublin Core file (records, oai_dc:dc or an OAI-PMH response)")


def _values(record: etree._Element, element: str) -> list[str]:
    return [v for el in record.iter(f"{{{DC}}}{element}") if (v := clean("".join(el.itertext())))]


def _key(identifiers: list[str]) -> str:
    """An opis id (as itself or in a permalink) if one is given, else the first identifier."""
    for value in identifiers:
        if kind_of(value) == "document":
            return value
        found = _PERMALINK.search(value)
        if found and kind_of(found.group(1)) == "document":
            return found.group(1)
    return identifiers[0] if identifiers else ""


def _genre(types: list[str]) -> str:
    """The genre a ``dc:type`` names (an id or English label of vocab/genres.yaml); DCMI's ``Text`` says
    none, and a type opis does not know makes the document ``other``."""
    known = {str(g["label"]).casefold(): str(g["id"]) for g in vocab.load("genres")}
    known.update({str(g["id"]).casefold(): str(g["id"]) for g in vocab.load("genres")})
    return next((known[t.casefold()] for t in types if t.casefold() in known), "other")


def _language(value: str) -> str:
    """A BCP 47 tag from ``dc:language``: ISO 639-2 (``rus``, ``chi``) or an English name as
    vocab/languages.yaml has them; anything else as written, which the record's check then judges."""
    by_name = {label.casefold(): code for code, label in vocab.labels("languages").items()}
    return by_name.get(value.casefold()) or vocab.shortest_tag(value)


def dc_row(record: etree._Element) -> dict[str, str]:
    """One record as the catalogue sheet's cells (interop/catalog/sheet.py's columns)."""
    dates = _values(record, "date")
    relations = _values(record, "relation")
    cells = {
        "key": _key(_values(record, "identifier")),
        "title": next(iter(_values(record, "title")), ""),
        "date": dates[0] if dates else "",  # ours writes EDTF first, then its ISO 8601 form
        "summary": "\n\n".join(_values(record, "description")),
        "genre": _genre(_values(record, "type")),
        "languages": " ".join(_language(v) for v in _values(record, "language")),
        "reference": " | ".join(_values(record, "source")),
        "people": "; ".join(f"{n} (author)" for n in _values(record, "creator")),
        "places": "; ".join(_values(record, "coverage")),
        "subjects": "; ".join(_values(record, "subject")),
        "collection": "; ".join(m.group(1) for r in relations
                                if (m := _COLLECTION.search(r)) and kind_of(m.group(1)) == "collection"),
    }
    return cells


def dc_rows(root: etree._Element) -> Iterator[list[str]]:
    """A header, then a row per record, for the sheet import (so a DC file gets the same checks, dry run
    and row errors). ``collection`` is a column only when some record names one: a DC export without
    it must not take documents out of their collections on re-import."""
    rows = [dc_row(r) for r in dc_records(root)]
    if not rows:
        raise DcError("no Dublin Core record in this file")
    columns = [c for c in rows[0] if c != "collection" or any(r[c] for r in rows)]
    yield columns
    for row in rows:
        yield [row[c] for c in columns]
