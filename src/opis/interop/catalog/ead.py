"""Finding aids as EAD: the archival tree and its documents out (EAD 2002), and in (EAD 2002 or EAD3).

Out: one ``<ead>`` whose ``<archdesc level="collection">`` holds, per repository, a ``fonds``
component for each fond, ``series`` for each opis, ``file`` for each delo and an ``item`` for each
document, each component's ``<did>`` first (unitid, unittitle, unitdate with ``normal`` in ISO 8601),
then ``<scopecontent>`` for a document's summary. AtoM and ArchivesSpace both import this shape.

In: every ``c``/``c01``…``c12`` component with its level, unitid, unittitle, unitdate (``normal``
or as written), extent (``physdesc/extent``, EAD3 ``physdescstructured``) and scope note, as a tree
of ``Component``; the job makes the item-level ones documents. Parsing the bytes safely is the
caller's (``ingest/safexml.py``); this module only walks an element tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from opis.interop.oai_dc import clean
from opis.model import Document
from opis.model.edtf import parse_edtf

EAD2002 = "urn:isbn:1-931666-22-9"
EAD3 = "http://ead3.archivists.org/schema/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
EAD2002_SCHEMA = "http://www.loc.gov/ead/ead.xsd"
# The values EAD 2002's schema allows for @level (av.level).
LEVELS = ("class", "collection", "file", "fonds", "item", "otherlevel", "recordgrp", "series", "subfonds",
          "subgrp", "subseries")
# Our archival levels as EAD levels: a fond is a fonds, an opis a series, a delo a file.
_OURS = {"repository": "recordgrp", "fond": "fonds", "opis": "series", "papka": "subseries", "delo": "file"}
_THEIRS = {"fonds": "fond", "series": "opis", "subseries": "papka", "file": "delo", "recordgrp": "repository"}
MAX_DEPTH = 12  # c01…c12: deeper is not EAD, and a guard against a runaway (or cyclic) structure


class EadError(ValueError):
    pass


def _e(tag: str) -> str:
    return f"{{{EAD2002}}}{tag}"


def _normal(edtf: str) -> str | None:
    """EAD's ``normal``: an ISO 8601 date or interval (EDTF qualifiers dropped, bounds kept)."""
    value = parse_edtf(edtf)
    if value.earliest is None or value.latest is None:
        return None
    start, end = value.earliest.isoformat(), value.latest.isoformat()
    return start if start == end else f"{start}/{end}"


def _did(parent: etree._Element, unitid: str | None, title: str, date_text: str | None = None,
         edtf: str | None = None) -> None:
    did = etree.SubElement(parent, _e("did"))
    if unitid:
        etree.SubElement(did, _e("unitid")).text = clean(unitid)
    etree.SubElement(did, _e("unittitle")).text = clean(title) or "[untitled]"
    if edtf:
        date = etree.SubElement(did, _e("unitdate"))
        date.text = clean(date_text or edtf)
        normal = _normal(edtf)
        if normal:
            date.set("normal", normal)


def _tree(docs: Iterable[Document]) -> dict[tuple[tuple[str, str], ...], list[Document]]:
    """Documents by the path of their first archival reference (repository, fond, opis, papka, delo)."""
    found: dict[tuple[tuple[str, str], ...], list[Document]] = {}
    for doc in docs:
        ref = doc.archival_refs[0] if doc.archival_refs else None
        path = tuple((k, v) for k, v in ref.path() if k in _OURS) if ref else ()
        found.setdefault(path, []).append(doc)
    return found


def _item(parent: etree._Element, doc: Document) -> None:
    c = etree.SubElement(parent, _e("c"), level="item", id=doc.id)
    folios = doc.archival_refs[0].folios if doc.archival_refs else None
    _did(c, f"л. {folios}" if folios else doc.id, doc.title, doc.date.text if doc.date else None,
         doc.date.edtf if doc.date else None)
    if doc.languages:
        did = c[0]
        lang = etree.SubElement(did, _e("langmaterial"))
        for tag in doc.languages:
            etree.SubElement(lang, _e("language"), langcode=tag.split("-")[0]).text = tag
    if doc.summary:
        etree.SubElement(etree.SubElement(c, _e("scopecontent")), _e("p")).text = clean(doc.summary)


def ead(docs: Iterable[Document], eadid: str, title: str, agency: str) -> etree._Element:
    """One EAD 2002 finding aid for ``docs`` (a collection or the whole catalogue)."""
    root = etree.Element(_e("ead"), nsmap={None: EAD2002, "xlink": XLINK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{EAD2002} {EAD2002_SCHEMA}")
    header = etree.SubElement(root, _e("eadheader"))
    etree.SubElement(header, _e("eadid"), mainagencycode=agency).text = eadid
    titlestmt = etree.SubElement(etree.SubElement(header, _e("filedesc")), _e("titlestmt"))
    etree.SubElement(titlestmt, _e("titleproper")).text = clean(title)
    archdesc = etree.SubElement(root, _e("archdesc"), level="collection")
    _did(archdesc, eadid, title)
    dsc = etree.SubElement(archdesc, _e("dsc"))
    nodes: dict[tuple[tuple[str, str], ...], etree._Element] = {(): dsc}
    for path, items in sorted(_tree(docs).items()):
        parent = dsc
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub not in nodes:
                level, value = sub[-1]
                c = etree.SubElement(parent, _e("c"), level=_OURS[level])
                _did(c, value, _unit_title(level, value))
                nodes[sub] = c
            parent = nodes[sub]
        for doc in items:
            _item(parent, doc)
    return root


def _unit_title(level: str, value: str) -> str:
    return {"repository": value, "fond": f"Фонд {value}", "opis": f"Опись {value}", "papka": f"Папка {value}",
            "delo": f"Дело {value}"}[level]


# -- reading ---------------------------------------------------------------------------------


@dataclass
class Component:
    level: str
    unitid: str = ""
    title: str = ""
    date_text: str = ""
    date_normal: str = ""
    extent: str = ""
    scope: str = ""
    languages: list[str] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _child(el: etree._Element, *names: str) -> etree._Element | None:
    """The first child named any of ``names`` (an lxml element without children is falsy, so never ``or``)."""
    for name in names:
        for sub in el:
            if _local(sub) == name:
                return sub
    return None


def _component(el: etree._Element, depth: int) -> Component:
    if depth > MAX_DEPTH:
        raise EadError(f"components nested deeper than {MAX_DEPTH} levels")
    level = el.get("level", "otherlevel")
    if level == "otherlevel":
        level = el.get("otherlevel", "otherlevel")
    did = _child(el, "did")
    comp = Component(level=level)
    if did is not None:
        comp.unitid = _text(_child(did, "unitid"))
        comp.title = _text(_child(did, "unittitle"))
        date = _child(did, "unitdate", "unitdatestructured")
        if date is not None:
            comp.date_text = _text(date)
            # EAD 2002 says it in @normal; EAD3 on a datesingle (or fromdate/todate) inside
            ends = [x.get("standarddate", "") for x in date.iter() if x.get("standarddate")]
            comp.date_normal = date.get("normal", "") or "/".join(ends[:2])
        physdesc = _child(did, "physdesc", "physdescstructured")
        if physdesc is not None:
            comp.extent = _text(_child(physdesc, "extent", "quantity")) or _text(physdesc)
        langs = _child(did, "langmaterial")
        if langs is not None:
            comp.languages = [x.get("langcode", "") for x in langs.iter() if _local(x) == "language"
                              and x.get("langcode")]
    scope = _child(el, "scopecontent")
    comp.scope = _text(scope) if scope is not None else ""
    dsc = _child(el, "dsc")
    holder = el if dsc is None else dsc
    comp.children = [_component(c, depth + 1) for c in holder if _local(c) == "c" or _local(c)[:1] == "c"
                     and _local(c)[1:].isdigit()]
    return comp


def read_ead(root: etree._Element) -> Component:
    """The ``archdesc`` and its components as a tree (EAD 2002 or EAD3, namespaced or not)."""
    if _local(root) != "ead":
        raise EadError(f"not an EAD finding aid: the root element is <{_local(root)}>")
    archdesc = _child(root, "archdesc")
    if archdesc is None:
        raise EadError("no <archdesc> in this finding aid")
    return _component(archdesc, 0)


def walk(comp: Component, above: tuple[Component, ...] = ()) -> Iterator[tuple[Component, tuple[Component, ...]]]:
    """Every component with those above it, top-down."""
    yield comp, above
    for child in comp.children:
        yield from walk(child, (*above, comp))


def our_level(level: str) -> str | None:
    return _THEIRS.get(level)
