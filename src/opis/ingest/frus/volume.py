"""Foreign Relations of the United States (FRUS) volumes in TEI: one Document per
``div type="document"``, Authorities from the persons and abbreviations lists, and a Collection
for the volume. Ids are ``make_id(kind, "frus", volume_id, xml_id)``, so re-ingesting a volume
gives the same ids.

The source note and the footnotes are kept with the text (markers where the notes are called,
the notes after the text, as an e-book prints them) and as the document's footnote findings.
What the model has no field for (the TEI date attributes, the notes' ids, chapter and page) goes
into ``FrusDocument.metadata``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from opis.ingest.frus import sources as src
from opis.ingest.frus.names import Glossaries, read_glossaries
from opis.ingest.teitext import NS, TEI, XML_ID, flatten, local, one_line
from opis.model import (
    AgentRef,
    AnyRecord,
    Classification,
    Collection,
    DocDate,
    Document,
    EdtfError,
    Findings,
    PlaceRef,
    Rendition,
    make_id,
    parse_edtf,
)
from opis.model.findings import Footnote
from opis.model.notes import with_notes

FRUS_NS = "{http://history.state.gov/frus/ns/1.0}"
_DATE_PART = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_NUMBER_PREFIX = re.compile(r"^\s*(\d+)\.\s+")
_PARTY_ELEMENTS = frozenset({"persName", "gloss", "orgName", "name", "rs"})
_HEAD_FROM_TO = re.compile(r"^(?:(?P<genre>[A-Z][\w ]*?) [Ff]rom )?[Tt]he (?P<from>.+?) to the (?P<to>.+?)$")
_HEAD_BY = re.compile(r",? by (?:the )?(?P<by>.+)$")
_TRAILING_PLACE_DATE = re.compile(r",\s[^,]*,\s\w+ \d{1,2}, \d{4}.*$")


@dataclass
class FrusDocument:
    record: Document
    metadata: dict[str, Any]


@dataclass
class FrusVolume:
    volume_id: str
    title: str
    collection: Collection
    documents: list[FrusDocument] = field(default_factory=list)
    glossaries: Glossaries = field(default_factory=Glossaries)
    warnings: list[str] = field(default_factory=list)

    def records(self) -> list[AnyRecord]:
        return [self.collection, *self.glossaries.persons, *self.glossaries.organizations,
                *(d.record for d in self.documents)]


def is_frus(root: Any) -> bool:
    """A FRUS volume: TEI whose id or ``idno type="frus"`` names it so."""
    return str(root.get(XML_ID, "")).startswith("frus") or bool(root.findall(".//tei:idno[@type='frus']", NS))


def volume_id_of(root: Any, fallback: str = "") -> str:
    idno = root.find(".//tei:teiHeader//tei:idno[@type='frus']", NS)
    found = (idno.text or "").strip() if idno is not None else ""
    return found or str(root.get(XML_ID, "")) or fallback


def volume_title(root: Any) -> str:
    for xpath in (".//tei:titleStmt/tei:title[@type='complete']", ".//tei:titleStmt/tei:title"):
        el = root.find(xpath, NS)
        if el is not None and one_line(el):
            return one_line(el)
    return ""


def parse_volume(root: Any, fallback_id: str = "") -> FrusVolume:
    """Every document, person and organization of a FRUS volume as model records."""
    vol = volume_id_of(root, fallback_id)
    if not vol:
        raise ValueError("a FRUS volume needs an id (xml:id or idno type='frus')")
    title = volume_title(root) or vol
    collection = Collection(id=make_id("collection", "frus", vol), title=title, source=vol)
    volume = FrusVolume(vol, title, collection, glossaries=read_glossaries(root, vol))
    pages = _page_before_each_document(root)
    for div in root.iter(TEI + "div"):
        if div.get("type") == "document" and div.get(XML_ID):
            volume.documents.append(read_document(div, volume, pages.get(div.get(XML_ID))))
    return volume


def _page_before_each_document(root: Any) -> dict[str, str]:
    """For each document div, the printed page it starts on (the last ``pb`` before it)."""
    last, found = "", {}
    for el in root.iter(TEI + "pb", TEI + "div"):
        if local(el.tag) == "pb":
            last = el.get("n", last)
        elif el.get("type") == "document" and el.get(XML_ID):
            found[el.get(XML_ID)] = last
    return found


def read_document(div: Any, volume: FrusVolume, page: str | None = None) -> FrusDocument:
    vol, xml_id = volume.volume_id, div.get(XML_ID)
    head = div.find("tei:head", NS)
    title = _title(head, div.get("n"))
    note = div.find(".//tei:note[@type='source']", NS)
    note_text = one_line(note, skip=lambda el: False) if note is not None else ""
    date_el = div.find(".//tei:dateline//tei:date", NS)
    first_p = div.find("tei:p", NS)
    editorial = div.get("subtype") == "editorial-note"
    text, footnotes = _text_with_notes(div, note_text)
    record = Document(
        id=make_id("document", "frus", vol, xml_id),
        title=title or f"Document {div.get('n') or xml_id}",
        summary="; ".join(_subjects(div)),
        genre=src.genre(title, src.source_note_type(note_text) if note_text else None,
                        one_line(first_p) if first_p is not None else "", editorial),
        date=_doc_date(date_el, volume.warnings, xml_id),
        languages=["en"],
        classification=_classification(div, note_text),
        agents=_agents(div, head, title, volume.glossaries),
        places=_places(div),
        collections=[volume.collection.id],
        archival_refs=[r for r in [src.parse_source_note(note_text) if note_text else None] if r],
        renditions=[Rendition(id=make_id("rendition", "frus", vol, xml_id, "original"), kind="original",
                              language="en", text=text, provenance=f"FRUS {vol}, {xml_id}")],
        findings=Findings(footnotes=footnotes),
        source=f"{vol}#{xml_id}",
    )
    return FrusDocument(record, _metadata(div, vol, date_el, note_text, page))


def _text_with_notes(div: Any, source_note: str) -> tuple[str, list[Footnote]]:
    """The document's text as an e-book prints it: a marker ``[n]`` where each footnote is called, then
    the source note and the footnotes after the text, each under its number; and those notes as
    footnote findings (offsets into that text), so the page lists them and the citations are read.

    The editors' notes are part of the published document (they say where it is filed, what was not
    printed, who a person is): dropping them loses what a historian cites FRUS for."""
    body = copy.deepcopy(div)
    notes: list[tuple[str, str]] = []
    for note in list(body.iter(TEI + "note")):
        if note.getparent() is None or any(a.tag == TEI + "note" for a in note.iterancestors()):
            continue  # a note inside a note stays part of its text
        if note.get("type") == "source":
            _replace(note, "")  # read by the caller as the source note; printed after the text
            continue
        number = note.get("n") or str(len(notes) + 1)
        notes.append((number, flatten(note, skip=lambda el: False)))
        _replace(note, f"[{number}]")
    text = flatten(body, skip=lambda el: local(el.tag) == "head" and el.getparent() is body)
    return with_notes(text, notes, source_note)


def _replace(note: Any, marker: str) -> None:
    """Put ``marker`` where ``note`` stood, keeping the text after it."""
    parent = note.getparent()
    previous = note.getprevious()
    joined = marker + (note.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(note)


def _title(head: Any, number: str | None) -> str:
    if head is None:
        return ""
    title = one_line(head)
    m = _NUMBER_PREFIX.match(title)
    if m and (number is None or m.group(1) == number):
        title = title[m.end():]  # 1950s volumes print "2. Memorandum ..."; the number is ``n``
    return title


def frus_edtf(when: str | None = None, not_before: str | None = None,
              not_after: str | None = None) -> str | None:
    """EDTF for TEI date attributes: a ``when`` (with or without time) is its calendar date as
    written; ``notBefore``/``notAfter`` make an interval (open on a missing side)."""
    def day(value: str | None) -> str | None:
        m = _DATE_PART.match(value.strip()) if value else None
        return m.group(0) if m else None

    if day(when):
        value = day(when)
    else:
        lo, hi = day(not_before), day(not_after)
        if lo is None and hi is None:
            return None
        value = lo if lo == hi else f"{lo or '..'}/{hi or '..'}"
    try:
        parse_edtf(value or "")
    except EdtfError:
        return None
    return value


def _doc_date(el: Any, warnings: list[str], xml_id: str) -> DocDate | None:
    if el is None:
        return None
    edtf = frus_edtf(el.get("when"), el.get("notBefore") or el.get("from"),
                     el.get("notAfter") or el.get("to"))
    if edtf is None:
        warnings.append(f"{xml_id}: dateline date without usable when/notBefore/notAfter")
        return None
    return DocDate(edtf=edtf, text=one_line(el) or None)


def _classification(div: Any, note_text: str) -> Classification | None:
    opener = div.find("tei:opener", NS)
    candidates = [one_line(el) for el in opener.iter(TEI + "seg", TEI + "hi")] if opener is not None else []
    candidates += src.sentences(note_text)[1:]  # the first sentence is the citation
    return src.classification(candidates)


def _places(div: Any) -> list[PlaceRef]:
    place = div.find(".//tei:dateline//tei:placeName", NS)
    name = one_line(place).strip("[], ") if place is not None else ""
    return [PlaceRef(name=name)] if name else []


def _subjects(div: Any) -> list[str]:
    return [one_line(item) for lst in div.iterfind("tei:list[@type='subject']", NS)
            for item in lst.iterfind("tei:item", NS) if one_line(item)]


def _agents(div: Any, head: Any, title: str, names: Glossaries) -> list[AgentRef]:
    agents = _marked_parties(head, names) if head is not None else []
    if not agents:
        agents = _parties_from_title(title)
    agents += _signatories(div, names)
    seen = {(a.authority or a.name) for a in agents}
    for el in div.iter(TEI + "persName"):
        ref = names.person_ids.get(el.get("corresp", "").lstrip("#"))
        in_note = next(el.iterancestors(TEI + "note"), None) is not None  # the editors' words
        if ref and ref not in seen and not in_note:
            agents.append(AgentRef(name=one_line(el), role="mentioned", authority=ref))
            seen.add(ref)
    return agents


def _marked_parties(head: Any, names: Glossaries) -> list[AgentRef]:
    found = []
    for el in head.iter():
        kind = el.get("type")
        if local(el.tag) in _PARTY_ELEMENTS and kind in ("from", "to") and one_line(el):
            ref = names.person_ids.get(el.get("corresp", "").lstrip("#"))
            found.append(AgentRef(name=one_line(el), role="sender" if kind == "from" else "recipient",
                                  authority=ref))
    return found


def _parties_from_title(title: str) -> list[AgentRef]:
    """"The Secretary of State to the Embassy in Korea" → sender and recipient; "…, by the
    Director of …" → author. Only used when the head has no from/to markup."""
    m = _HEAD_FROM_TO.match(title)
    if m and not _HEAD_BY.search(m.group("from")):
        to = _TRAILING_PLACE_DATE.sub("", m.group("to"))
        return [AgentRef(name=m.group("from"), role="sender"), AgentRef(name=to, role="recipient")]
    by = _HEAD_BY.search(title)
    return [AgentRef(name=_TRAILING_PLACE_DATE.sub("", by.group("by")), role="author")] if by else []


def _signatories(div: Any, names: Glossaries) -> list[AgentRef]:
    found = []
    for signed in div.iterfind("tei:closer/tei:signed", NS):
        person = signed.find(".//tei:persName", NS)
        ref = names.person_ids.get(person.get("corresp", "").lstrip("#")) if person is not None else None
        if one_line(signed):
            found.append(AgentRef(name=one_line(signed), role="signatory", authority=ref))
    return found


def _metadata(div: Any, vol: str, date_el: Any, note_text: str, page: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"frus_volume": vol, "xml_id": div.get(XML_ID), "n": div.get("n"),
                            "subtype": div.get("subtype")}
    if date_el is not None:
        meta.update({k: date_el.get(k) for k in ("when", "notBefore", "notAfter", "from", "to", "type")
                     if date_el.get(k)})
        meta["date_text"] = one_line(date_el)
    for attr in ("doc-dateTime-min", "doc-dateTime-max"):
        if div.get(FRUS_NS + attr):
            meta[attr] = div.get(FRUS_NS + attr)
    place = _places(div)
    if place:
        meta["place"] = place[0].name
    if note_text:
        meta["source_note"] = note_text
    meta["footnotes"] = [_footnote(n) for n in div.iter(TEI + "note")]
    meta["chapters"] = [one_line(h).rstrip(":") for d in reversed(list(div.iterancestors(TEI + "div")))
                        if (h := d.find("tei:head", NS)) is not None]
    if page:
        meta["page"] = page
    return meta


def _footnote(note: Any) -> dict[str, str]:
    return {"n": note.get("n") or "", "id": note.get(XML_ID) or "", "type": note.get("type") or "footnote",
            "text": flatten(note, skip=lambda el: False)}
