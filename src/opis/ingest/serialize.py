"""ParsedFile to and from plain JSON data.

The sandboxed worker sends its result to the parent as JSON, never as pickle: the worker has
just parsed hostile bytes, and unpickling what it sends would let a parser exploit run code in
the parent. JSON carries data only, and records are re-validated by the model on the way in.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from opis.ingest.base import Page, ParsedFile, TextBlock
from opis.model import AnyRecord, Authority, Collection, Document, record_from_dict


def to_data(parsed: ParsedFile) -> dict[str, Any]:
    return {
        "media_type": parsed.media_type,
        "handler": parsed.handler,
        "filename": parsed.filename,
        "pages": [_page_data(p) for p in parsed.pages],
        "title": parsed.title,
        "authors": parsed.authors,
        "date_text": parsed.date_text,
        "language": parsed.language,
        "metadata": parsed.metadata,
        "records": [r.model_dump(mode="json") for r in parsed.records],
        "record_metadata": parsed.record_metadata,
        "parts": [to_data(p) for p in parsed.parts],
        "warnings": parsed.warnings,
        "layout_text": parsed.layout_text,
        "blocks": [asdict(b) for b in parsed.blocks],
    }


def _page_data(page: Page) -> dict[str, Any]:
    return {"number": page.number, "text": page.text, "needs_ocr": page.needs_ocr,
            "ocr_confidence": page.ocr_confidence,
            "words": [list(w) for w in page.words] if page.words is not None else None,
            "label": page.label,
            "boxes": [list(b) for b in page.boxes] if page.boxes is not None else None,
            "box_size": list(page.box_size) if page.box_size is not None else None}


def from_data(data: dict[str, Any]) -> ParsedFile:
    return ParsedFile(
        media_type=str(data["media_type"]),
        handler=str(data["handler"]),
        filename=str(data.get("filename", "")),
        pages=[_page(p) for p in data.get("pages", [])],
        title=data.get("title"),
        authors=[str(a) for a in data.get("authors", [])],
        date_text=data.get("date_text"),
        language=data.get("language"),
        metadata=dict(data.get("metadata", {})),
        records=[_record(r) for r in data.get("records", [])],
        record_metadata=dict(data.get("record_metadata", {})),
        parts=[from_data(p) for p in data.get("parts", [])],
        warnings=[str(w) for w in data.get("warnings", [])],
        layout_text=_optional_str(data.get("layout_text")),
        blocks=[_block(b) for b in data.get("blocks", [])],
    )


def _page(data: dict[str, Any]) -> Page:
    words = data.get("words")
    return Page(number=int(data["number"]), text=str(data["text"]), needs_ocr=bool(data["needs_ocr"]),
                ocr_confidence=data.get("ocr_confidence"),
                words=[(str(w), float(c)) for w, c in words] if words is not None else None,
                label=_optional_str(data.get("label")), boxes=_boxes(data.get("boxes")),
                box_size=_box_size(data.get("box_size")))


def _boxes(value: Any) -> list[tuple[str, int, int, int, int, float]] | None:
    # From the worker: each must be exactly a word and five numbers, or the page keeps no boxes.
    if not isinstance(value, list):
        return None
    return [(str(t), int(x), int(y), int(w), int(h), float(c)) for t, x, y, w, h, c in value]


def _box_size(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, list) or len(value) != 2:
        return None
    return int(value[0]), int(value[1])


def _block(data: dict[str, Any]) -> TextBlock:
    return TextBlock(kind=str(data["kind"]), start=int(data["start"]), end=int(data["end"]),
                     pages=[int(p) for p in data["pages"]], number=_optional_str(data.get("number")))


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _record(data: dict[str, Any]) -> AnyRecord:
    record = record_from_dict(data)
    if not isinstance(record, (Document, Authority, Collection)):
        raise ValueError(f"unexpected record kind {data.get('kind')!r}")
    return record
