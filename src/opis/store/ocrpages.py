"""OCR page by page: page readings kept as they are read, and which pages each file waits for.

A page reading is keyed by the file's content hash and the page number, never by the job: a page job
run again after its worker was killed, or a later upload of the same bytes, finds the page read and
does not read it again. Readings are opaque JSON here (ingest.ocr.tesseract.OcrResult's ``to_data``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.schema import ocr_pages, ocr_plans


def read_pages(archive: Archive, sha256: str, pages: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """The stored readings of the file ``sha256``, by page number (only ``pages`` if given)."""
    query = select(ocr_pages.c.page, ocr_pages.c.result).where(ocr_pages.c.sha256 == sha256)
    if pages is not None:
        query = query.where(ocr_pages.c.page.in_(list(pages)))
    with archive.engine.connect() as conn:
        return {int(r.page): json.loads(r.result) for r in conn.execute(query)}


def save_page(archive: Archive, sha256: str, page: int, result: dict[str, Any]) -> bool:
    """Keep one page's reading; False if it was kept already (the first reading stays: a retried
    or racing job on the same page must not change what the document is assembled from)."""
    try:
        with archive.engine.begin() as conn:
            if _has_page(conn, sha256, page):
                return False
            conn.execute(insert(ocr_pages).values(sha256=sha256, page=page, at=stamp(archive.clock()),
                                                  result=json.dumps(result, ensure_ascii=False)))
    except IntegrityError:  # another worker kept the same page between our look and our insert
        return False
    return True


def _has_page(conn: Connection, sha256: str, page: int) -> bool:
    return conn.execute(select(ocr_pages.c.page).where(ocr_pages.c.sha256 == sha256,
                                                       ocr_pages.c.page == page)).first() is not None


def plan_pages(archive: Archive, job_id: str, position: int, sha256: str, pages: list[int],
               enqueue: Callable[[Connection], object] | None = None) -> bool:
    """Record that file ``position`` of ``job_id`` waits for OCR of ``pages``, and (``enqueue``) queue
    their page jobs in the same transaction; False (and nothing queued) if it was planned already:
    the page jobs of the first plan exist, since they were committed with it."""
    with archive.engine.begin() as conn:
        found = conn.execute(select(ocr_plans.c.position).where(ocr_plans.c.job_id == job_id,
                                                                 ocr_plans.c.position == position)).first()
        if found is not None:
            return False
        conn.execute(insert(ocr_plans).values(job_id=job_id, position=position, sha256=sha256,
                                              pages=json.dumps(sorted(pages)), assembling=0))
        if enqueue is not None:
            enqueue(conn)
    return True


def claim_assembly(archive: Archive, job_id: str, position: int,
                   enqueue: Callable[[Connection], object] | None = None, force: bool = False) -> bool:
    """If every planned page of file ``position`` is read (or ``force``: the file cannot be read any
    more, and its job must say so) and nobody has claimed its assembly yet, claim it and (``enqueue``)
    queue it in the same transaction; True for the one caller that did. The plan's row is locked
    first, so of two page jobs that end together exactly one claims."""
    with archive.engine.begin() as conn:
        plan = conn.execute(select(ocr_plans).where(ocr_plans.c.job_id == job_id, ocr_plans.c.position == position)
                            .with_for_update()).first()
        if plan is None or plan.assembling:
            return False
        wanted = json.loads(plan.pages)
        read = conn.execute(select(func.count()).where(ocr_pages.c.sha256 == plan.sha256,
                                                       ocr_pages.c.page.in_(wanted))).scalar_one()
        if read < len(wanted) and not force:
            return False
        conn.execute(update(ocr_plans).where(ocr_plans.c.job_id == job_id, ocr_plans.c.position == position)
                     .values(assembling=1))
        if enqueue is not None:
            enqueue(conn)
    return True


def page_progress(archive: Archive, job_id: str) -> tuple[int, int]:
    """(pages read, pages to read) over the files of ``job_id`` that were OCRed page by page: what
    the job page and the CLI's progress show, whichever worker reads the pages."""
    with archive.engine.connect() as conn:
        plans = conn.execute(select(ocr_plans.c.sha256, ocr_plans.c.pages)
                             .where(ocr_plans.c.job_id == job_id)).all()
        done = total = 0
        for plan in plans:
            wanted = json.loads(plan.pages)
            total += len(wanted)
            done += conn.execute(select(func.count()).where(ocr_pages.c.sha256 == plan.sha256,
                                                            ocr_pages.c.page.in_(wanted))).scalar_one()
    return done, total
