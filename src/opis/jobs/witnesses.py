"""Finding witnesses of one work on ingest: each new document is compared with the documents that share its
title or its day (store/witnesses.candidates), by text where both have one and by description where one is a
catalogue entry (extract/witnesses/compare.py); alike pairs are stored as proposals for an editor."""

from __future__ import annotations

from collections.abc import Iterable

from opis.extract.witnesses.compare import Facts, likeness
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.witnesses import Link, candidates, propose


def facts(doc: Document) -> Facts:
    """What comparison reads of a document: the original's text (else any text), dates, people."""
    texts = [r.text for r in doc.renditions if r.kind in ("original", "ocr")] or [r.text for r in doc.renditions]
    people = frozenset(a.authority for a in doc.agents if a.authority and a.role != "mentioned")
    return Facts(doc.id, doc.title, texts[0] if texts else "",
                 doc.date.earliest.isoformat() if doc.date and doc.date.earliest else "",
                 doc.date.latest.isoformat() if doc.date and doc.date.latest else "", people)


def find_witnesses(archive: Archive, docs: Iterable[Document]) -> list[Link]:
    """Propose witnesses for the documents ``docs``, as just stored (the operator's view: every record is
    compared). The caller's records are used as they are: reading each back from the store (a decode
    and a validation per document) was a third of the ingest writer's time."""
    proposed: list[Link] = []
    for doc in docs:
        mine = facts(doc)
        earliest = doc.date.earliest if doc.date else None
        latest = doc.date.latest if doc.date else None
        for other_id in candidates(archive, doc.id, doc.title, earliest, latest):
            other = archive.get(other_id, SYSTEM)
            if not isinstance(other, Document):
                continue
            found = likeness(mine, facts(other))
            if found is not None:
                link = propose(archive, doc.id, other.id, found.score, found.reasons)
                if link is not None:
                    proposed.append(link)
    return proposed
