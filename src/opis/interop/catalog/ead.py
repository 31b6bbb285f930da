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

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from opis import vocab
from opis.interop.oai_dc import clean
from opis.model import Document, Status
from opis.model.edtf import parse_edtf
from opis.store.units import UnitDescription, UnitPath

EAD2002 = "urn:isbn:1-931666-22-9"
EAD3 = "http://ead3.archivists.org/schema/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
EAD2002_SCHEMA = "http://www.loc.gov/ead/ead.xsd"
EAD3_SCHEMA = "https://www.loc.gov/ead/ead3.xsd"
# The values EAD 2002's schema allows for @level (av.level).
LEVELS = ("class", "collection", "file", "fonds", "item", "otherlevel", "recordgrp", "series", "subfonds",
          "subgrp", "subseries")
# Our archival levels as EAD levels: a fond is a fonds, an opis a series, a delo a file.
_OURS = {"repository": "recordgrp", "fond": "fonds", "opis": "series", "papka": "subseries", "delo": "file"}
_THEIRS = {"fonds": "fond", "series": "opis", "subseries": "papka", "file": "delo", "recordgrp": "repository"}
MAX_DEPTH = 12  # c01…c12: deeper is not EAD, and a guard against a runaway (or cyclic) structure


class EadError(ValueError):
    pass


def _e(tag: str, ns: str = EAD2002) -> str:
    return f"{{{ns}}}{tag}"


def normal_date(edtf: str) -> str | None:
    """EAD's ``normal``: an ISO 8601 date or interval (EDTF qualifiers dropped, bounds kept)."""
    value = parse_edtf(edtf)
    if value.earliest is None or value.latest is None:
        return None
    start, end = value.earliest.isoformat(), value.latest.isoformat()
    return start if start == end else f"{start}/{end}"


def _did(parent: etree._Element, ns: str, unitid: str | None, title: str, date_text: str | None = None,
         edtf: str | None = None, extent: str = "") -> etree._Element:
    did = etree.SubElement(parent, _e("did", ns))
    if unitid:
        etree.SubElement(did, _e("unitid", ns)).text = clean(unitid)
    etree.SubElement(did, _e("unittitle", ns)).text = clean(title) or "[untitled]"
    if edtf:
        date = etree.SubElement(did, _e("unitdate", ns))
        date.text = clean(date_text or edtf)
        normal = normal_date(edtf)
        if normal:
            date.set("normal", normal)
    if extent and ns == EAD3:  # EAD3's physdesc is text; EAD 2002 puts the text in physdesc/extent
        etree.SubElement(did, _e("physdesc", ns)).text = clean(extent)
    elif extent:
        etree.SubElement(etree.SubElement(did, _e("physdesc", ns)), _e("extent", ns)).text = clean(extent)
    return did


def _scope(parent: etree._Element, ns: str, text: str) -> None:
    if text:
        etree.SubElement(etree.SubElement(parent, _e("scopecontent", ns)), _e("p", ns)).text = clean(text)


def _tree(docs: Iterable[Document]) -> dict[UnitPath, list[Document]]:
    """Documents by the path of their first archival reference (repository, fond, opis, papka, delo)."""
    found: dict[UnitPath, list[Document]] = {}
    for doc in docs:
        ref = doc.archival_refs[0] if doc.archival_refs else None
        path = tuple((k, v) for k, v in ref.path() if k in _OURS) if ref else ()
        found.setdefault(path, []).append(doc)
    return found


def _item(parent: etree._Element, ns: str, doc: Document) -> None:
    c = etree.SubElement(parent, _e("c", ns), level="item", id=doc.id)
    if doc.status != Status.PUBLISHED:  # not for the public yet: the receiving system must hide it too
        c.set("audience", "internal")
    folios = doc.archival_refs[0].folios if doc.archival_refs else None
    did = _did(c, ns, f"л. {folios}" if folios else doc.id, doc.title, doc.date.text if doc.date else None,
               doc.date.edtf if doc.date else None)
    if doc.languages:
        lang = etree.SubElement(did, _e("langmaterial", ns))
        for tag in doc.languages:
            _language_out(lang, ns, tag)
    _scope(c, ns, doc.summary)


def _language_out(parent: etree._Element, ns: str, tag: str) -> None:
    """``<language langcode="rus" scriptcode="Cyrl">Russian</language>``: EAD's ``langcode`` is ISO 639-2
    (vocab/languages.yaml), ``scriptcode`` ISO 15924. A tag those two cannot say (a region, a language
    the vocabulary lacks) is written whole as the text, which the reader prefers."""
    code = vocab.iso639_2(tag)
    parts = tag.split("-")
    el = etree.SubElement(parent, _e("language", ns))
    if code:
        el.set("langcode", code)
        if len(parts) > 1 and len(parts[1]) == 4:
            el.set("scriptcode", parts[1])
    whole = code is None or len(parts) > (2 if len(parts) > 1 and len(parts[1]) == 4 else 1)
    el.text = tag if whole else vocab.labels("languages").get(parts[0], tag)


def _header(root: etree._Element, ns: str, eadid: str, title: str, agency: str, when: str) -> None:
    if ns == EAD2002:
        header = etree.SubElement(root, _e("eadheader", ns))
        etree.SubElement(header, _e("eadid", ns), mainagencycode=agency).text = eadid
        titlestmt = etree.SubElement(etree.SubElement(header, _e("filedesc", ns)), _e("titlestmt", ns))
        etree.SubElement(titlestmt, _e("titleproper", ns)).text = clean(title)
        return
    # EAD3's control, its children in the schema's order
    control = etree.SubElement(root, _e("control", ns))
    etree.SubElement(control, _e("recordid", ns)).text = eadid
    titlestmt = etree.SubElement(etree.SubElement(control, _e("filedesc", ns)), _e("titlestmt", ns))
    etree.SubElement(titlestmt, _e("titleproper", ns)).text = clean(title)
    etree.SubElement(control, _e("maintenancestatus", ns), value="new")
    agency_el = etree.SubElement(control, _e("maintenanceagency", ns))
    etree.SubElement(agency_el, _e("agencycode", ns)).text = agency
    etree.SubElement(agency_el, _e("agencyname", ns)).text = agency
    event = etree.SubElement(etree.SubElement(control, _e("maintenancehistory", ns)), _e("maintenanceevent", ns))
    etree.SubElement(event, _e("eventtype", ns), value="created")
    etree.SubElement(event, _e("eventdatetime", ns), standarddatetime=when).text = when
    etree.SubElement(event, _e("agenttype", ns), value="machine")
    etree.SubElement(event, _e("agent", ns)).text = "opis"


def ead(docs: Iterable[Document], eadid: str, title: str, agency: str,
        units: Mapping[UnitPath, UnitDescription] | None = None, version: str = "2002",
        when: str = "1970-01-01T00:00:00+00:00") -> etree._Element:
    """One finding aid (EAD 2002, or EAD3 with ``version="3"``) for ``docs``: the tree of their references,
    each unit with what ``units`` says of it (title, dates, extent, scope note), and a unit described
    but holding no document still in its place."""
    ns = EAD3 if version == "3" else EAD2002
    if ns == EAD2002:
        root = etree.Element(_e("ead", ns), nsmap={None: EAD2002, "xlink": XLINK, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{EAD2002} {EAD2002_SCHEMA}")
    else:
        root = etree.Element(_e("ead", ns), nsmap={None: EAD3, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{EAD3} {EAD3_SCHEMA}")
    _header(root, ns, eadid, title, agency, when)
    archdesc = etree.SubElement(root, _e("archdesc", ns), level="collection")
    _did(archdesc, ns, eadid, title)
    dsc = etree.SubElement(archdesc, _e("dsc", ns))
    units = units or {}
    by_path = _tree(docs)
    for path in units:
        if all(k in _OURS for k, _ in path):
            by_path.setdefault(path, [])
    nodes: dict[UnitPath, etree._Element] = {(): dsc}
    for path, items in sorted(by_path.items()):
        parent = dsc
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub not in nodes:
                level, value = sub[-1]
                unit = units.get(sub)
                c = etree.SubElement(parent, _e("c", ns), level=_OURS[level])
                if unit is None:
                    _did(c, ns, value, _unit_title(level, value))
                else:
                    if not unit.published:
                        c.set("audience", "internal")
                    _did(c, ns, value, unit.title or _unit_title(level, value), unit.date_text or None,
                         unit.edtf or None, unit.extent)
                    _scope(c, ns, unit.scope)
                nodes[sub] = c
            parent = nodes[sub]
        for doc in items:
            _item(parent, ns, doc)
    return root


def _unit_title(level: str, value: str) -> str:
    return {"repository": value, "fond": f"Фонд {value}", "opis": f"Опись {value}", "papka": f"Папка {value}",
            "delo": f"Дело {value}"}[level]


def placeholder_title(level: str, value: str) -> str:
    """The title written for a unit nobody described (so reading it back does not invent a description)."""
    return _unit_title(level, value)


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
    xml_id: str = ""
    internal: bool = False  # audience="internal" here or above: staff only, never shown to the public
    files: list[str] = field(default_factory=list)  # digital objects' hrefs (dao, daoloc), as written
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


def _language(el: etree._Element) -> str:
    """A language tag from ``langcode`` (ISO 639-2 as EAD has it, ``rus`` → ``ru``, ``chi``/``zho`` → ``zh``;
    a two-letter code as it is) and ``scriptcode``; the element's text instead when it is a whole tag of the
    same language (what we write for ``zh-Hant-TW``). Neither: no language ("" is dropped)."""
    text = _text(el)
    code = el.get("langcode", "").strip()
    lang = vocab.language_of_iso639_2(code) if len(code) == 3 else code.casefold() if len(code) == 2 else None
    if _TAG.fullmatch(text) and (lang is None or text.split("-")[0] == lang):
        return text
    if lang is None or not lang.isalpha():
        return ""
    script = el.get("scriptcode", "").strip().title()
    return f"{lang}-{script}" if len(script) == 4 and script.isalpha() else lang


_TAG = re.compile(r"[a-z]{2}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?")



def _component(el: etree._Element, depth: int, internal: bool = False, ids: set[str] | None = None) -> Component:
    if depth > MAX_DEPTH:
        raise EadError(f"components nested deeper than {MAX_DEPTH} levels")
    level = el.get("level", "otherlevel")
    if level == "otherlevel":
        level = el.get("otherlevel", "otherlevel")
    did = _child(el, "did")
    # EAD's audience="internal": what the finding aid keeps from the public, itself and all below it
    internal = internal or el.get("audience") == "internal"
    comp = Component(level=level, xml_id=el.get("id", ""), internal=internal)
    ids = set() if ids is None else ids
    if comp.xml_id:
        if comp.xml_id in ids:  # xs:ID is unique in a valid file; a copy is a component listed twice
            raise EadError(f"two components have the id {comp.xml_id!r} (a cycle or a copy in the hierarchy)")
        ids.add(comp.xml_id)
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
            comp.languages = [_language(x) for x in langs.iter() if _local(x) == "language" and _language(x)]
    comp.files = _hrefs(el)
    scope = _child(el, "scopecontent")
    comp.scope = _text(scope) if scope is not None else ""
    dsc = _child(el, "dsc")
    holder = el if dsc is None else dsc
    comp.children = [_component(c, depth + 1, internal, ids) for c in holder if _local(c) == "c" or _local(c)[:1] == "c"
                     and _local(c)[1:].isdigit()]
    return comp


def _hrefs(el: etree._Element) -> list[str]:
    """Where the component's digital objects are: ``dao``/``daoloc`` (EAD 2002's ``xlink:href``, EAD3's
    ``href``) in it or its ``did``, not in the components below it."""
    found: list[str] = []
    holders = [el, *([d] if (d := _child(el, "did")) is not None else [])]
    for holder in holders:
        for sub in holder:
            if _local(sub) in ("dao", "daogrp", "daoset"):
                for obj in sub.iter():
                    href = obj.get(f"{{{XLINK}}}href") or obj.get("href")
                    if _local(obj) in ("dao", "daoloc") and href and href.strip() not in found:
                        found.append(href.strip())
    return found


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
