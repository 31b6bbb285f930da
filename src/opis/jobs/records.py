"""From what a format handler parsed to the records the store keeps.

A file with records of its own (a FRUS volume) yields those, each with the file attached; any
other file becomes one document (an archive member, one document each) whose text is an original
or OCR rendition, with what the extractors found in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from opis import vocab
from opis.ingest.base import ParsedFile
from opis.model import (
    AnyRecord,
    AttachedOriginal,
    DocDate,
    Document,
    Findings,
    OcrPage,
    Rendition,
    make_id,
)
from opis.model.common import check_language
from opis.store.pagewords import PageWords, WordBox

Extract = Callable[[str, str | None], dict[str, Any]]


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    filename: str
    media_type: str
    collection: str | None
    languages: tuple[str, ...]


def _language(parsed: ParsedFile, facts: FileFacts) -> str:
    for tag in (parsed.language, *facts.languages):
        if tag:
            try:
                return check_language(tag)
            except ValueError:
                continue
    return "und"


def _title(parsed: ParsedFile, facts: FileFacts) -> str:
    """The file's own title, else its first line that is not web-page furniture, else the file name."""
    if parsed.title and parsed.title.strip():
        return parsed.title.strip()[:300]
    return vocab.first_content_line(parsed.text, 200) or facts.filename


def _date(parsed: ParsedFile, extract: Extract) -> DocDate | None:
    """The file's own date if its metadata has one we can read, else none (text dates stay findings)."""
    if not parsed.date_text:
        return None
    found = extract(parsed.date_text, None).get("dates", [])
    if found and found[0].get("edtf"):
        return DocDate(edtf=found[0]["edtf"], text=parsed.date_text)
    return None


def _rendition(parsed: ParsedFile, facts: FileFacts, doc_id: str, language: str) -> Rendition:
    ocr = any(p.needs_ocr for p in parsed.pages)
    return Rendition(
        id=make_id("rendition", doc_id, "ocr" if ocr else "original"),
        kind="ocr" if ocr else "original", language=language,
        text="\f".join(p.text for p in parsed.pages),
        provenance=f"text taken by opis ({parsed.handler}) from {facts.filename}",
        source_original=facts.sha256,
        ocr_pages=[OcrPage(number=p.number, confidence=p.ocr_confidence, words=p.words or [])
                   for p in parsed.pages if p.needs_ocr],
    )


def document_from(parsed: ParsedFile, facts: FileFacts, key: str, extract: Extract) -> Document:
    doc_id = make_id("document", "file", facts.sha256, *([key] if key else []))
    language = _language(parsed, facts)
    findings = {k: v for k, v in extract(parsed.text, language if language != "und" else None).items()
                if isinstance(v, list) and v}
    return Document(
        id=doc_id, title=_title(parsed, facts), genre=parsed.metadata.get("genre", "other"),
        date=_date(parsed, extract), languages=[language] if language != "und" else [],
        collections=[facts.collection] if facts.collection else [],
        renditions=[_rendition(parsed, facts, doc_id, language)] if parsed.pages else [],
        originals=[AttachedOriginal(sha256=facts.sha256, filename=facts.filename, media_type=facts.media_type)],
        findings=findings, source=f"file:{facts.sha256}" + (f"#{key}" if key else ""),
    )


def _findings_of(doc: Document, extract: Extract, kinds: tuple[str, ...] = ("original",),
                 markup_notes: bool = True) -> Findings:
    """What the extractors find in a record's own text (a FRUS document: citations in its notes, dates,
    names), keeping the footnotes its handler read from the markup, which are exact."""
    text = next((r.text for kind in kinds for r in doc.renditions if r.kind == kind), "")
    if not text.strip():
        return doc.findings
    language = doc.languages[0] if doc.languages else None
    found: dict[str, Any] = {k: v for k, v in extract(text, language).items() if isinstance(v, list) and v}
    if markup_notes and doc.findings.footnotes:
        found["footnotes"] = [f.model_dump(mode="json") for f in doc.findings.footnotes]
    return Findings.model_validate(found)


def refound(doc: Document, extract: Extract) -> Document:
    """``doc`` with what the current extractors find in its stored text, read as at ingest: a file's
    document from its original or OCR text (all its findings the extractors'), a record with text of
    its own (a FRUS document) from its original, keeping the footnotes its handler read."""
    from_file = doc.source.startswith("file:")
    findings = _findings_of(doc, extract, ("original", "ocr") if from_file else ("original",),
                            markup_notes=not from_file)
    return doc.model_copy(update={"findings": findings})


def records_from(parsed: ParsedFile, facts: FileFacts, extract: Extract, key: str = "") -> list[AnyRecord]:
    """Every record one parsed file yields, with the stored original attached to each document.

    ``key`` names an archive member inside the stored file (``letters/p1.png``); it keeps ids distinct.
    """
    attached = AttachedOriginal(sha256=facts.sha256, filename=facts.filename, media_type=facts.media_type)
    if parsed.records:
        out: list[AnyRecord] = []
        for r in parsed.records:
            if isinstance(r, Document):
                extra = [facts.collection] if facts.collection and facts.collection not in r.collections else []
                r = r.model_copy(update={"originals": [*r.originals, attached],
                                         "collections": [*r.collections, *extra],
                                         "findings": _findings_of(r, extract)})
            out.append(r)
        return out
    if parsed.parts:
        out = []
        for part in parsed.parts:
            member = FileFacts(facts.sha256, f"{facts.filename}/{part.filename}", facts.media_type,
                               facts.collection, facts.languages)
            out += records_from(part, member, extract, f"{key}/{part.filename}".lstrip("/"))
        return out
    return [document_from(parsed, facts, key, extract)]


def page_words(parsed: ParsedFile) -> list[PageWords]:
    """The OCR word boxes of the file's own pages (an image's frames, a PDF's scanned pages), to keep
    with the stored file for search inside the scan. Archive members are not shown as images, so
    their words are not kept."""
    return [PageWords(p.number, p.box_size[0], p.box_size[1],
                      [WordBox(t, x, y, w, h, c) for t, x, y, w, h, c in p.boxes])
            for p in parsed.pages if p.boxes and p.box_size]
