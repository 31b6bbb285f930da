"""EAD finding aids, EAC-CPF authority records and Dublin Core into the store, and the catalogue out as XML.

The bytes are parsed by ``ingest/safexml.py`` (no entity, no DTD, no network: an external entity or
a billion-laughs DTD is refused before any tree is built), and a file over the upload limit is not
parsed at all. An EAD's item-level components become documents whose archival reference is the path
of levels above them (fonds → fond, series → opis, subseries → papka, file → delo, a recordgrp's
unitid → repository), so they appear in the archival tree; the levels above are kept as unit
descriptions; ``audience="internal"`` makes drafts and unpublished descriptions; a digital object's
file must lie inside the folder given. An EAC-CPF record becomes an authority. Everything an EAD or
EAC-CPF file holds is read and checked first, then saved in one transaction: a bad file writes
nothing. Dublin Core records go through the sheet import as rows (``jobs/catalog.py``).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from opis.extract.dates.query import read_date
from opis.ingest.errors import IngestError
from opis.ingest.safexml import parse_xml
from opis.interop.catalog.dc import DC_ROOTS, DcError, dc_rows, dublin_core
from opis.interop.catalog.eac import ENTITY_TYPES, EacError, eac_cpf, read_eac
from opis.interop.catalog.ead import (
    Component,
    EadError,
    ead,
    normal_date,
    our_level,
    placeholder_title,
    read_ead,
    walk,
)
from opis.jobs.catalog import MAX_FILE_BYTES, Report, import_rows
from opis.model import AnyRecord, ArchivalReference, AttachedOriginal, Authority, DocDate, Document, Status, make_id
from opis.model.ids import kind_of
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.units import UnitDescription, UnitPath

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
    skipped: list[str] = field(default_factory=list)  # components with no place in the tree, by title
    units: list[str] = field(default_factory=list)  # units above item level whose description is kept

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


DEFAULT_MAX_BYTES = MAX_FILE_BYTES


def read_xml(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    size = path.stat().st_size
    if size > max_bytes:  # said before a byte is parsed: a huge file must not fill memory first
        raise FindingAidError(f"{path.name}: {size:,} bytes; the limit is {max_bytes:,} (OPIS_UPLOAD_MAX_MB)")
    try:
        root: etree._Element = parse_xml(path)
        return root
    except IngestError as exc:
        raise FindingAidError(f"{path.name}: {exc}") from exc


def _date(comp: Component) -> DocDate | None:
    """The wording read by the date reader when it agrees with ``normal`` (or there is none): that keeps
    ``1950?`` as written; else ``normal``, which a finding aid means to be exact."""
    said = read_date(comp.date_text) if comp.date_text else None
    normal = read_date(comp.date_normal) if comp.date_normal else None
    edtf = said if said and (normal is None or normal_date(said) == comp.date_normal) else normal or said
    if not edtf:
        return None
    return DocDate(edtf=edtf, text=comp.date_text if comp.date_text and comp.date_text != edtf else None)


def _levels(above: tuple[Component, ...]) -> dict[str, str]:
    levels: dict[str, str] = {}
    for c in above:
        ours = our_level(c.level)
        if ours and c.unitid:
            levels[ours] = c.unitid
    return levels


def _reference(comp: Component, above: tuple[Component, ...]) -> ArchivalReference | None:
    levels: dict[str, str | None] = dict(_levels(above))
    if not levels:
        return None
    raw = ", ".join([levels.get("repository") or "", *(f"{_ABBREVIATIONS[k]} {levels[k]}" for k in _ABBREVIATIONS
                                                           if levels.get(k))]).strip(", ")
    folios = comp.unitid.removeprefix("л.").strip() if comp.unitid.startswith("л.") else None
    return ArchivalReference.of(raw + (f", л. {folios}" if folios else ""), {**levels, "folios": folios})


Attached = list[tuple[Path, AttachedOriginal]]  # a document's files: where each is, what it becomes
_ORDER = ("repository", "fond", "opis", "papka", "delo")


def unit_description(comp: Component, above: tuple[Component, ...]) -> UnitDescription | None:
    """What a component above item level says of its unit, if it has a place in the tree: a level we
    keep, a unitid, and every level above it that we keep has one too (in order)."""
    ours = our_level(comp.level)
    if not ours or not comp.unitid:
        return None
    levels = {**_levels(above), ours: comp.unitid}
    path = tuple((k, levels[k]) for k in _ORDER if k in levels)
    if path[-1] != (ours, comp.unitid):
        return None  # a level out of order (a fonds inside a file): no node of the tree to describe
    date = _date(comp)
    title = "" if comp.title == placeholder_title(ours, comp.unitid) else comp.title
    unit = UnitDescription(path=path, title=title, date_text=date.text or date.edtf if date else "",
                           edtf=date.edtf if date else "", extent=comp.extent, scope=comp.scope,
                           published=not comp.internal)
    return unit if unit != UnitDescription(path=path) else None


def ead_documents(root: Component, source: str) -> Iterator[Document | UnitDescription | str]:
    """A document for each item-level component; a description for each unit above it that has a place
    in the tree; the title of any other component, for the report."""
    for comp, above in walk(root):
        if comp.level != "item":
            unit = unit_description(comp, above) if above else None
            if unit is not None:
                yield unit
            elif above and not (our_level(comp.level) and comp.unitid):
                yield f"{comp.level}: {comp.title or comp.unitid}"
            continue
        ref = _reference(comp, above)
        yield Document(id=_item_id(comp, above, source),
                       title=comp.title or comp.unitid or "[untitled]", summary=comp.scope, genre="other",
                       date=_date(comp), archival_refs=[ref] if ref else [], source=source,
                       languages=comp.languages,
                       # audience="internal": a draft, which the access rule hides from the public
                       status=Status.DRAFT if comp.internal else Status.PUBLISHED)


def _item_id(comp: Component, above: tuple[Component, ...], source: str) -> str:
    """The id an item component's document has: its own when it is an opis id (what we export), else one
    made from the path of unitids (or titles) down to it, so a re-import finds the same document."""
    key = "/".join([*(c.unitid or c.title for c in above), comp.unitid or comp.title])
    own = next((x for x in (comp.xml_id, comp.unitid) if kind_of(x) == "document"), None)
    return own or make_id("document", source, key)


def import_xml(archive: Archive, path: Path, *, dry_run: bool, actor: str, files_dir: Path | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> XmlReport | Report:
    """An EAD finding aid or an EAC-CPF record, all of it or nothing; Dublin Core records (our export, an
    ``oai_dc:dc``, an OAI-PMH response) row by row, as the sheet import takes them."""
    root = read_xml(path, max_bytes)
    name = etree.QName(root).localname
    if name in DC_ROOTS:
        try:
            return import_rows(archive, dc_rows(root), dry_run=dry_run, actor=actor)
        except DcError as exc:
            raise FindingAidError(f"{path.name}: {exc}") from exc
    units: list[UnitDescription] = []
    files: dict[str, Attached] = {}
    try:
        if name == "ead":
            report = XmlReport("ead", dry_run)
            items: list[AnyRecord] = []
            tree = read_ead(root)
            files = _digital_objects(tree, files_dir, max_bytes, f"ead:{path.name}", report.skipped)
            for found in ead_documents(tree, f"ead:{path.name}"):
                if isinstance(found, str):
                    report.skipped.append(found)
                elif isinstance(found, UnitDescription):
                    units.append(found)
                else:
                    items.append(_with_files(found, files.get(found.id, [])))
            _no_twice(items, units)
        elif name == "eac-cpf":
            report = XmlReport("eac-cpf", dry_run)
            items = [read_eac(root, f"eac:{path.name}")]
        elif name == "eac-cpf-records":  # what our export writes: many records in one file
            report = XmlReport("eac-cpf", dry_run)
            items = [read_eac(el, f"eac:{path.name}") for el in root if isinstance(el.tag, str)]
            _no_twice(items, [])
        else:
            raise FindingAidError(f"{path.name}: <{name}> is neither an EAD finding aid nor an EAC-CPF record")
    except (EadError, EacError, ValueError) as exc:
        raise FindingAidError(f"{path.name}: {exc}") from exc
    stored = {r.id: r for r in archive.get_many([r.id for r in items], SYSTEM)}
    for r in items:
        (report.created if r.id not in stored else report.unchanged if stored[r.id] == r
         else report.updated).append(r.id)
    report.units = [" / ".join(v for _, v in u.path) for u in units]
    if not dry_run:
        # every file was checked above; they are stored (unchanged, by hash) only now, then the records
        for attached in files.values():
            for file_path, original in attached:
                archive.add_original(file_path, original.filename, original.media_type)
        archive.put_all(items, actor, f"imported from {path.name}", units=units)
    return report


def _digital_objects(tree: Component, files_dir: Path | None, max_bytes: int, source: str,
                     not_fetched: list[str]) -> dict[str, Attached]:
    """The local files the items' digital objects name, by the item's document id, each checked: inside
    ``files_dir``, a regular file, within ``max_bytes``. A web address is not fetched (opis reads no
    network) and goes to ``not_fetched``; any other href that fails a check stops the whole file before
    anything is written."""
    found: dict[str, Attached] = {}
    root = files_dir.resolve() if files_dir else None
    for comp, above in walk(tree):
        for href in comp.files:
            scheme = _SCHEME.match(href)
            if scheme and scheme.group(1).casefold() in ("http", "https"):
                not_fetched.append(f"digital object not fetched: {href}")
                continue
            if scheme and scheme.group(1).casefold() != "file":  # C:\…, smb:, ftp: — nothing opis may read
                raise EadError(f"a digital object names {href!r}, which is neither a web address nor a file "
                               "inside the files folder")
            # an href is a URI: percent-escapes are undone; file:///x is the absolute path /x
            local = unquote(urlsplit(href).path if scheme else href)
            if root is None:
                raise EadError(f"a digital object names the file {href!r}; give the folder it is in (--files DIR)")
            target = (root / local).resolve()
            if not target.is_relative_to(root):
                raise EadError(f"a digital object names {href!r}, outside the files folder; nothing is read there")
            if not target.is_file():
                raise EadError(f"a digital object names {href!r}: no such file in the files folder")
            if target.stat().st_size > max_bytes:
                raise EadError(f"a digital object names {href!r}: {target.stat().st_size:,} bytes; "
                               f"the limit is {max_bytes:,} (OPIS_UPLOAD_MAX_MB)")
            if comp.level == "item":
                media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                original = AttachedOriginal(sha256=_sha256(target), filename=target.name, media_type=media)
                found.setdefault(_item_id(comp, above, source), []).append((target, original))
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _with_files(doc: Document, attached: Attached) -> Document:
    originals = list(dict.fromkeys(o for _, o in attached))
    return doc.model_copy(update={"originals": originals}) if originals else doc


def _no_twice(items: list[AnyRecord], units: list[UnitDescription]) -> None:
    """The same document or unit twice in one finding aid (two components with one id, or a unit that
    appears under itself) is an error of the file, said before anything is written."""
    seen: set[str] = set()
    for r in items:
        if r.id in seen:
            raise EadError(f"two entries are the same record {r.id}")
        seen.add(r.id)
    paths: set[UnitPath] = set()
    for u in units:
        if u.path in paths:
            raise EadError(f"the unit {' / '.join(v for _, v in u.path)} is described twice (a cycle or a copy)")
        paths.add(u.path)


def _all(archive: Archive, kinds: tuple[str, ...]) -> Iterator[AnyRecord]:
    offset = 0
    while True:
        page = archive.browse(SYSTEM, kinds, offset, 500, "title")
        yield from page.items
        offset += 500
        if offset >= page.total:
            return


def export_xml(archive: Archive, fmt: str, collection: str | None, agency: str = "opis",
               when: str | None = None) -> bytes:
    """The catalogue (or one collection) as EAD, Dublin Core, or the authorities as EAC-CPF."""
    if fmt == "eac-cpf":
        when = when or datetime.now(UTC).replace(microsecond=0).isoformat()
        wrapper = etree.Element("eac-cpf-records")
        for auth in _all(archive, tuple(ENTITY_TYPES)):
            if isinstance(auth, Authority):
                wrapper.append(eac_cpf(auth, agency, when))
        return bytes(etree.tostring(wrapper, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    docs = [d for d in _all(archive, ("document",))
            if isinstance(d, Document) and (collection is None or collection in d.collections)]
    if fmt in ("ead", "ead3"):
        title = collection or "Catalogue"
        units = archive.unit_descriptions(SYSTEM)
        if collection is not None:  # only the units that hold the collection's documents
            held = {p[:i] for d in docs for r in d.archival_refs[:1] for p in [_path(r)] for i in range(1, len(p) + 1)}
            units = {p: u for p, u in units.items() if p in held}
        tree = ead(docs, collection or "opis-catalogue", title, agency, units, "3" if fmt == "ead3" else "2002",
                   when or datetime.now(UTC).replace(microsecond=0).isoformat())
    elif fmt == "dc":
        tree = dublin_core(docs)
    else:
        raise FindingAidError(f"unknown format {fmt!r}: csv, dc, ead, ead3 or eac-cpf")
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _path(ref: ArchivalReference) -> UnitPath:
    return tuple((k, v) for k, v in ref.path() if k in _ORDER)
