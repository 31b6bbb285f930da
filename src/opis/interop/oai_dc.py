"""A document as simple Dublin Core (``oai_dc``), the metadata format every OAI-PMH harvester reads.

title; creator (agents as author, sender or signatory, by the visible authority's preferred name,
else as written); date (the EDTF value and, when it differs, its ISO 8601 form: the date at its
precision or the interval of days it covers); type (DCMI ``Text`` and the genre's label);
language; description (the summary); identifier (the permalink); source (each archival reference
as written); relation (permalinks of visible related documents and collections); subject;
coverage (places); publisher (the archive). Elements come in that order; empty values are left
out. docs/oai.md has the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from opis import vocab
from opis.interop.csl import language_of
from opis.interop.dates import first_parts
from opis.model import Authority, DocDate, Document
from opis.model.edtf import parse_edtf

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
CREATOR_ROLES = ("author", "sender", "signatory")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(value: str) -> str:
    """One line of text XML 1.0 can carry: control characters dropped, whitespace folded."""
    return " ".join(_NOT_XML.sub("", value).split())


@dataclass(frozen=True)
class DcContext:
    """``base_url``: where permalinks start (``https://host``); ``visible``: the kind of each record the
    reader may see among those linked (related documents, collections), by id; ``authorities``:
    visible authority records by id."""

    base_url: str
    publisher: str
    authorities: Mapping[str, Authority] = field(default_factory=dict)
    visible: Mapping[str, str] = field(default_factory=dict)


def iso_dates(date: DocDate) -> list[str]:
    """The EDTF value, then its ISO 8601 form when that says something the EDTF text does not."""
    value = parse_edtf(date.edtf)
    parts = first_parts(date)
    if not value.is_interval and parts and date.edtf == "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]):
        return [date.edtf]
    found = [date.edtf]
    if value.earliest is not None and value.latest is not None:
        start, end = value.earliest.isoformat(), value.latest.isoformat()
        iso = start if start == end else f"{start}/{end}"
        if iso != date.edtf:
            found.append(iso)
    return found


def _creators(doc: Document, ctx: DcContext) -> list[str]:
    names: list[str] = []
    for agent in doc.agents:
        if agent.role in CREATOR_ROLES:
            found = ctx.authorities.get(agent.authority or "")
            name = found.preferred if found is not None else agent.name
            if name not in names:
                names.append(name)
    return names


def dc_values(doc: Document, ctx: DcContext) -> list[tuple[str, str]]:
    """(element, value) pairs in the order written."""
    pairs: list[tuple[str, str]] = [("title", doc.title)]
    pairs += [("creator", n) for n in _creators(doc, ctx)]
    if doc.date is not None:
        pairs += [("date", d) for d in iso_dates(doc.date)]
    pairs += [("type", "Text"), ("type", vocab.labels("genres").get(doc.genre, doc.genre))]
    languages = doc.languages or [language_of(doc)]
    pairs += [("language", lang) for lang in languages]
    pairs.append(("description", doc.summary))
    pairs.append(("identifier", f"{ctx.base_url}/documents/{doc.id}"))
    pairs += [("source", ref.raw) for ref in doc.archival_refs]
    related = [f"{ctx.base_url}/documents/{r.target}" for r in doc.relations if ctx.visible.get(r.target) == "document"]
    related += [f"{ctx.base_url}/collections/{c}" for c in doc.collections if ctx.visible.get(c) == "collection"]
    pairs += [("relation", r) for r in dict.fromkeys(related)]
    pairs += [("subject", s) for s in doc.subjects]
    pairs += [("coverage", p.name) for p in doc.places]
    pairs.append(("publisher", ctx.publisher))
    cleaned = [(k, clean(v)) for k, v in pairs]
    return [(k, v) for k, v in cleaned if v]


def oai_dc(doc: Document, ctx: DcContext) -> etree._Element:
    """The ``<oai_dc:dc>`` element for a record's ``<metadata>``."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {OAI_DC_SCHEMA}")
    for name, value in dc_values(doc, ctx):
        etree.SubElement(root, f"{{{DC}}}{name}").text = value
    return root
