"""EAD finding aids and EAC-CPF authority records into the store, and the catalogue out as XML.

The bytes are parsed by ``ingest/safexml.py`` (no entity, no DTD, no network: an external entity or
a billion-laughs DTD is refused before any tree is built). An EAD's item-level components become
documents whose archival reference is the path of levels above them (fonds → fond, series → opis,
subseries → papka, file → delo, a recordgrp's unitid → repository), so they appear in the archival
tree; an EAC-CPF record becomes an authority. Everything a file holds is read and checked first,
then saved in one transaction: a bad file writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from opis.extract.dates.query import read_date
from opis.ingest.errors import IngestError
from opis.ingest.safexml import parse_xml
from opis.interop.catalog.dc import dublin_core
from opis.interop.catalog.eac import EacError, eac_cpf, read_eac
from opis.interop.catalog.ead import Component, EadError, ead, our_level, read_ead, walk
from opis.model import AnyRecord, ArchivalReference, Authority, DocDate, Document, make_id
from opis.store.access import SYSTEM
from opis.store.archive import Archive

_ABBREVIATIONS = {"fond": "ф.", "opis": "оп.", "papka": "п.", "delo": "д."}


class FindingAidError(ValueError):
    pass


@dataclass
class XmlReport:
    kind: str  # "ead" or "eac-cpf"
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # components above item level, said by title

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_xml(path: Path) -> etree._Element:
    try:
        root: etree._Element = parse_xml(path)
        return root
    except IngestError as exc:
        raise FindingAidError(f"{path.name}: {exc}") from exc


def _date(comp: Component) -> DocDate | None:
    for value in (comp.date_normal, comp.date_text):
        edtf = read_date(value) if value else None
        if edtf:
            return DocDate(edtf=edtf, text=comp.date_text or None)
    return None


def _reference(comp: Component, above: tuple[Component, ...]) -> ArchivalReference | None:
    levels: dict[str, str | None] = {}
    for c in above:
        ours = our_level(c.level)
        if ours and c.unitid:
            levels[ours] = c.unitid
    if not levels:
        return None
    raw = ", ".join([levels.get("repository") or "", *(f"{_ABBREVIATIONS[k]} {levels[k]}" for k in _ABBREVIATIONS
                                                           if levels.get(k))]).strip(", ")
    folios = comp.unitid.removeprefix("л.").strip() if comp.unitid.startswith("л.") else None
    return ArchivalReference.of(raw + (f", л. {folios}" if folios else ""), {**levels, "folios": folios})


def ead_documents(root: Component, source: str) -> Iterator[Document | str]:
    """A document for each item-level component; the title of each other component, for the report."""
    for comp, above in walk(root):
        if comp.level != "item":
            if above:
                yield f"{comp.level}: {comp.title or comp.unitid}"
            continue
        ref = _reference(comp, above)
        key = "/".join([*(c.unitid or c.title for c in above), comp.unitid or comp.title])
        summary = " ".join(x for x in (comp.scope, f"Extent: {comp.extent}" if comp.extent else "") if x)
        yield Document(id=comp.unitid if comp.unitid.startswith("doc-") else make_id("document", source, key),
                       title=comp.title or comp.unitid or "[untitled]", summary=summary, genre="other",
                       date=_date(comp), archival_refs=[ref] if ref else [], source=source,
                       languages=[x for x in comp.languages if len(x) == 2])


def import_xml(archive: Archive, path: Path, *, dry_run: bool, actor: str) -> XmlReport:
    """An EAD finding aid or an EAC-CPF record, all of it or nothing."""
    root = read_xml(path)
    name = etree.QName(root).localname
    try:
        if name == "ead":
            report = XmlReport("ead", dry_run)
            items: list[AnyRecord] = []
            for found in ead_documents(read_ead(root), f"ead:{path.name}"):
                if isinstance(found, str):
                    report.skipped.append(found)
                else:
                    items.append(found)
        elif name == "eac-cpf":
            report = XmlReport("eac-cpf", dry_run)
            items = [read_eac(root, f"eac:{path.name}")]
        else:
            raise FindingAidError(f"{path.name}: <{name}> is neither an EAD finding aid nor an EAC-CPF record")
    except (EadError, EacError, ValueError) as exc:
        raise FindingAidError(f"{path.name}: {exc}") from exc
    stored = {r.id: r for r in archive.get_many([r.id for r in items], SYSTEM)}
    for r in items:
        (report.created if r.id not in stored else report.unchanged if stored[r.id] == r
         else report.updated).append(r.id)
    if not dry_run:
        archive.put_all(items, actor, f"imported from {path.name}")
    return report


def _all(archive: Archive, kinds: tuple[str, ...]) -> Iterator[AnyRecord]:
    offset = 0
    while True:
        page = archive.browse(SYSTEM, kinds, offset, 500, "title")
        yield from page.items
        offset += 500
        if offset >= page.total:
            return


def export_xml(archive: Archive, fmt: str, collection: str | None, agency: str = "opis") -> bytes:
    """The catalogue (or one collection) as EAD, Dublin Core, or the authorities as EAC-CPF."""
    if fmt == "eac-cpf":
        when = datetime.now(UTC).replace(microsecond=0).isoformat()
        wrapper = etree.Element("eac-cpf-records")
        for auth in _all(archive, ("person", "organization")):
            if isinstance(auth, Authority):
                wrapper.append(eac_cpf(auth, agency, when))
        return bytes(etree.tostring(wrapper, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    docs = [d for d in _all(archive, ("document",))
            if isinstance(d, Document) and (collection is None or collection in d.collections)]
    if fmt == "ead":
        title = collection or "Catalogue"
        tree = ead(docs, collection or "opis-catalogue", title, agency)
    elif fmt == "dc":
        tree = dublin_core(docs)
    else:
        raise FindingAidError(f"unknown format {fmt!r}: csv, dc, ead or eac-cpf")
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))
