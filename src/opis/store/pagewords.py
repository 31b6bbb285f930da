"""OCR words with their boxes on the pages of stored originals: kept once with the file at ingest,
read back by the words a reader searches for (IIIF Content Search inside a document's scans).

Rows are keyed by the original's SHA-256 and the page number in it. The caller (the web room) has
already applied the access rule to the document and its originals, so nothing here filters by
viewer; a hidden original is simply never asked about.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, exists, func, insert, or_, select

from opis.store.archive import Archive
from opis.store.schema import originals, page_words

MAX_HITS = 500  # words returned for one search inside one document
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class WordBox:
    text: str
    x: int
    y: int
    w: int
    h: int
    confidence: float  # 0-1


@dataclass(frozen=True)
class PageWords:
    """The words OCR read on page ``page`` of an original, in a picture ``width`` × ``height`` pixels."""

    page: int
    width: int
    height: int
    words: Sequence[WordBox]


@dataclass(frozen=True)
class WordHit:
    sha256: str
    page: int
    position: int
    text: str
    x: int
    y: int
    w: int
    h: int
    confidence: float
    page_width: int
    page_height: int


def fold(word: str) -> str:
    """The form search compares: NFKC, case-folded, ё as е, without punctuation at either end
    ("Штыкову," and "штыкову" are one word)."""
    return _EDGE.sub("", unicodedata.normalize("NFKC", word).casefold()).replace("ё", "е")


def keep_words(conn: Connection, sha256: str, pages: Iterable[PageWords]) -> int:
    """Store the words of ``sha256``'s pages unless some are stored already (a file is read once);
    the rows written. Runs in the caller's transaction, beside the file's records."""
    if conn.execute(select(page_words.c.sha256).where(page_words.c.sha256 == sha256).limit(1)).first():
        return 0
    rows = [{"sha256": sha256, "page": p.page, "position": i, "text": w.text[:200], "folded": fold(w.text)[:200],
             "x": w.x, "y": w.y, "w": w.w, "h": w.h, "confidence": round(w.confidence * 100),
             "page_width": p.width, "page_height": p.height}
            for p in pages for i, w in enumerate(p.words) if w.text.strip()]
    if rows:
        conn.execute(insert(page_words), rows)
    return len(rows)


def store_words(archive: Archive, sha256: str, pages: Iterable[PageWords]) -> int:
    """``keep_words`` in a transaction of its own (a file stored before its words were kept)."""
    with archive.engine.begin() as conn:
        return keep_words(conn, sha256, pages)


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def find_words(archive: Archive, sha256s: Sequence[str], q: str, limit: int = MAX_HITS) -> list[WordHit]:
    """The words on the pages of ``sha256s`` that begin with any word of ``q`` (folded), in reading
    order: by original (as listed), page and position."""
    terms = sorted({t for t in (fold(w) for w in q.split()) if t})
    if not terms or not sha256s:
        return []
    order = {s: i for i, s in enumerate(sha256s)}
    query = (select(page_words).where(page_words.c.sha256.in_(list(sha256s)),
                                      or_(*(page_words.c.folded.like(_like(t), escape="\\") for t in terms)))
             .order_by(page_words.c.sha256, page_words.c.page, page_words.c.position).limit(limit))
    with archive.engine.connect() as conn:
        rows = list(conn.execute(query))
    hits = [WordHit(r.sha256, r.page, r.position, r.text, r.x, r.y, r.w, r.h, r.confidence / 100,
                    r.page_width, r.page_height) for r in rows]
    return sorted(hits, key=lambda h: (order[h.sha256], h.page, h.position))


def pages_with_words(archive: Archive, sha256: str) -> int:
    """How many pages of ``sha256`` have OCR words stored."""
    query = select(func.count(func.distinct(page_words.c.page))).where(page_words.c.sha256 == sha256)
    with archive.engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


PAGE_MEDIA = ("image/%", "application/pdf")  # the stored files whose pages are shown as page images


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    filename: str


def files_without_words(archive: Archive) -> list[StoredFile]:
    """The stored images and PDFs that have no OCR words kept (stored before words were kept, or whose
    OCR found none), oldest first: what ``opis ocr-words --all`` reads."""
    no_words = ~exists().where(page_words.c.sha256 == originals.c.sha256)
    query = (select(originals.c.sha256, originals.c.media_type, originals.c.filename)
             .where(or_(*(originals.c.media_type.like(m) for m in PAGE_MEDIA)), no_words)
             .order_by(originals.c.stored_at, originals.c.sha256))
    with archive.engine.connect() as conn:
        return [StoredFile(r.sha256, r.media_type, r.filename) for r in conn.execute(query)]
