"""TEI XML: the text of ``<text>``, the header's title, authors, date and language. A FRUS
volume additionally yields its documents, persons and organizations as model records
(see opis.ingest.frus.volume). Parsing is entity-free and offline (opis.ingest.safexml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.frus import volume as frus
from opis.ingest.language import guess_language
from opis.ingest.safexml import parse_xml
from opis.ingest.sniff import xml_root
from opis.ingest.teitext import NS, TEI_NS, XML_LANG, flatten, one_line

_EXTENSIONS = (".xml", ".tei")
# Where a TEI header says when the text was written, most specific first.
_DATE_PATHS = (".//tei:teiHeader//tei:sourceDesc//tei:origDate",
               ".//tei:teiHeader//tei:sourceDesc//tei:date",
               ".//tei:teiHeader//tei:profileDesc/tei:creation/tei:date",
               ".//tei:teiHeader//tei:publicationStmt/tei:date[@type='content-date']")


class TeiHandler:
    name = "tei"

    def score(self, head: bytes, filename: str) -> float:
        root = xml_root(head)
        if root is None:
            return 0.0
        local, namespace = root
        if local in ("TEI", "teiCorpus") and namespace == TEI_NS:
            return 1.0 + name_bonus(filename, _EXTENSIONS)
        if local in ("TEI", "TEI.2", "teiCorpus", "teiCorpus.2"):
            return 0.8 + name_bonus(filename, _EXTENSIONS)  # TEI P4, or P5 missing its namespace
        return 0.0

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        root = parse_xml(path)
        parsed = ParsedFile(media_type="application/tei+xml", handler=self.name, filename=path.name)
        _read_header(root, parsed)
        body = root.find(".//tei:text", NS)
        text = flatten(body) if body is not None else flatten(root)
        parsed.pages = [Page(1, text)]
        parsed.language = _declared_language(root, body) or guess_language(text)
        if frus.is_frus(root):
            _add_frus(root, path, parsed)
        return parsed


def _read_header(root: Any, parsed: ParsedFile) -> None:
    title_stmt = root.find(".//tei:teiHeader/tei:fileDesc/tei:titleStmt", NS)
    if title_stmt is not None:
        parsed.title = frus.volume_title(root) or None
        people = title_stmt.findall("tei:author", NS) or title_stmt.findall("tei:editor", NS)
        parsed.authors = [one_line(p) for p in people if one_line(p)]
    for xpath in _DATE_PATHS:
        date = root.find(xpath, NS)
        if date is not None:
            parsed.date_text = one_line(date) or date.get("when")
            break
    for idno in root.iterfind(".//tei:teiHeader//tei:idno", NS):
        if (idno.text or "").strip():
            parsed.metadata.setdefault("idno", {})[idno.get("type") or "id"] = idno.text.strip()


def _declared_language(root: Any, body: Any) -> str | None:
    for el in (body, root):
        lang = el.get(XML_LANG) if el is not None else None
        if lang:
            return str(lang)
    lang_el = root.find(".//tei:langUsage/tei:language", NS)
    return str(lang_el.get("ident")) if lang_el is not None and lang_el.get("ident") else None


def _add_frus(root: Any, path: Path, parsed: ParsedFile) -> None:
    volume = frus.parse_volume(root, fallback_id=path.stem)
    parsed.records = volume.records()
    parsed.record_metadata = {d.record.id: d.metadata for d in volume.documents}
    parsed.warnings.extend(volume.warnings)
    parsed.metadata["frus"] = {
        "volume_id": volume.volume_id,
        "documents": len(volume.documents),
        "persons": len(volume.glossaries.persons),
        "organizations": len(volume.glossaries.organizations),
        "terms": volume.glossaries.terms,
    }


HANDLERS.register("tei")(TeiHandler())
