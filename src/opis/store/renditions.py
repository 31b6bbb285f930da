"""Adding a text (a translation or a transcription) to a document, under the ``add_renditions`` permission.

The workflow lets only people who may publish change a published record, but translating is a
separate trade: a translator may add a rendition to any document they can see, whatever its
status. They may change nothing else, so this module takes the stored document, appends the one
rendition and saves it through the archive's own audited path (revision, derived rows, outbox
and audit entry in one transaction), exactly as ``Archive.edit`` would.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from opis.model import Document, Rendition, make_id
from opis.store.access import Viewer
from opis.store.archive import Archive, Saved
from opis.store.errors import Conflict, Forbidden, Invalid, NotFound
from opis.store.schema import records

PERMISSION = "add_renditions"


def new_rendition_id(doc_id: str) -> str:
    # Random, not derived from language or kind: a document may well get two English translations.
    return make_id("rendition", doc_id, uuid.uuid4().hex)


def _current_revision(archive: Archive, record_id: str) -> int:
    with archive.engine.connect() as conn:
        number = conn.execute(select(records.c.revision).where(records.c.id == record_id)).scalar()
    if number is None:
        raise NotFound(f"no record {record_id!r}")
    return int(number)


def add_rendition(archive: Archive, doc_id: str, rendition: Rendition, viewer: Viewer, ip: str = "",
                  expected_revision: int | None = None, note: str = "") -> Saved:
    """Append ``rendition`` to document ``doc_id`` as a new revision; nothing else about it changes."""
    if not viewer.may(PERMISSION):
        raise Forbidden(f"adding a translation or transcription needs the {PERMISSION!r} permission")
    doc = archive.get(doc_id, viewer)  # the access rule first: a hidden document is NotFound
    if not isinstance(doc, Document):
        raise NotFound(f"no document {doc_id!r}")
    if any(r.id == rendition.id for r in doc.renditions):
        raise Invalid(f"the document already has a rendition {rendition.id!r}")
    current = _current_revision(archive, doc_id)
    if expected_revision is not None and expected_revision != current:
        raise Conflict(f"{doc_id!r} changed since revision {expected_revision} (now {current}); "
                       "reload it and add your text again")
    updated = doc.model_copy(update={"renditions": [*doc.renditions, rendition]})
    message = f"added {rendition.kind} ({rendition.language})" + (f": {note}" if note else "")
    # The archive's audited save is the one path that writes a revision and its audit entry together;
    # Archive.edit would refuse a translator on a published record, which is the point of this module.
    return archive.save_audited(updated, viewer, message, "rendition", ip)
