"""Stored sentence alignments: read under the access rule, kept for the texts they were made for, edited
by translators as revisions with an audit entry.

An alignment belongs to a document and a pair of its renditions. ``keep`` stores what the aligner
made (only when there is none for these exact texts: the texts' hashes are the key), ``edit`` applies
a translator's change to the current one. Both write a row of ``alignment_revisions``, so every
version can be read back (``history``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from opis.model import Document
from opis.model.alignment import Alignment, AlignmentError, Pair, Side, check, merge, move, split, text_sha256
from opis.store.access import SYSTEM, Viewer, visible
from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.errors import Conflict, Forbidden, Invalid, NotFound
from opis.store.schema import alignment_revisions, alignments, records

PERMISSION = "add_renditions"  # who may add a translation may align it
AUTO_ACTOR = "opis-aligner"


def _from_row(row: Any) -> Alignment:
    data = json.loads(row.data)
    return Alignment(record_id=row.record_id, left_id=row.left_id, right_id=row.right_id,
                     left_sha256=row.left_sha256, right_sha256=row.right_sha256, origin=row.origin,
                     method=data.get("method", ""), revision=row.revision, updated_at=row.updated_at,
                     actor=row.actor, pairs=[tuple(p) for p in data["pairs"]])


def _data(a: Alignment) -> str:
    return json.dumps({"method": a.method, "pairs": [list(p) for p in a.pairs]}, separators=(",", ":"))


def stored(archive: Archive, record_id: str, viewer: Viewer) -> list[Alignment]:
    """Every alignment of a document the viewer may read (none for a hidden document)."""
    query = (select(alignments).join(records, records.c.id == alignments.c.record_id)
             .where(alignments.c.record_id == record_id, visible(viewer, archive.today()))
             .order_by(alignments.c.left_id, alignments.c.right_id))
    with archive.engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(query)]


def _current(conn: Connection, record_id: str, left_id: str, right_id: str) -> Alignment | None:
    row = conn.execute(select(alignments).where(alignments.c.record_id == record_id,
                                                alignments.c.left_id == left_id,
                                                alignments.c.right_id == right_id)).first()
    return _from_row(row) if row is not None else None


def _write(conn: Connection, a: Alignment, message: str, now: str, exists: bool) -> Alignment:
    values = {"left_sha256": a.left_sha256, "right_sha256": a.right_sha256, "origin": a.origin,
              "revision": a.revision, "updated_at": now, "actor": a.actor, "data": _data(a)}
    key = {"record_id": a.record_id, "left_id": a.left_id, "right_id": a.right_id}
    if exists:
        conn.execute(update(alignments).where(*(getattr(alignments.c, k) == v for k, v in key.items()))
                     .values(**values))
    else:
        conn.execute(insert(alignments).values(**key, **values))
    conn.execute(insert(alignment_revisions).values(
        **key, number=a.revision, at=now, actor=a.actor, message=message, left_sha256=a.left_sha256,
        right_sha256=a.right_sha256, origin=a.origin, data=_data(a)))
    return a.model_copy(update={"updated_at": now})


def keep(archive: Archive, made: Alignment, message: str = "aligned by opis") -> Alignment:
    """Store what the aligner made for these texts, unless an alignment for the same texts is stored
    (then that one, perhaps edited by a translator, is returned unchanged)."""
    now = stamp(archive.clock())
    try:
        with archive.engine.begin() as conn:
            if conn.execute(select(records.c.id).where(records.c.id == made.record_id)).first() is None:
                raise NotFound(f"no record {made.record_id!r}")
            old = _current(conn, made.record_id, made.left_id, made.right_id)
            if old is not None and (old.left_sha256, old.right_sha256) == (made.left_sha256, made.right_sha256):
                return old
            number = old.revision + 1 if old else 1
            new = made.model_copy(update={"revision": number, "origin": "auto", "actor": AUTO_ACTOR})
            why = message if old is None else f"{message}: a text changed since revision {old.revision}"
            return _write(conn, new, why, now, exists=old is not None)
    except IntegrityError:
        # Two readers opened the page at once and both made the pairs: the first one stored is kept.
        with archive.engine.connect() as conn:
            found = _current(conn, made.record_id, made.left_id, made.right_id)
        if found is None:
            raise
        return found


def _texts(archive: Archive, record_id: str, left_id: str, right_id: str, viewer: Viewer) -> tuple[str, str]:
    doc = archive.get(record_id, viewer)  # the access rule first: a hidden document is NotFound
    if not isinstance(doc, Document):
        raise NotFound(f"no document {record_id!r}")
    texts = {r.id: r.text for r in doc.renditions}
    if left_id not in texts or right_id not in texts:
        raise NotFound(f"document {record_id!r} has no renditions {left_id!r} and {right_id!r}")
    return texts[left_id], texts[right_id]


def edit(archive: Archive, record_id: str, left_id: str, right_id: str, change: dict[str, Any],
         viewer: Viewer, ip: str = "", expected_revision: int | None = None) -> Alignment:
    """Apply one edit (``{"op": "merge", "pair": i}``, ``{"op": "split", "pair": i, "left_at": o,
    "right_at": o}``, ``{"op": "move", "pair": i, "side": "left", "at": o}``) as a new revision."""
    if not viewer.may(PERMISSION):
        raise Forbidden(f"aligning texts needs the {PERMISSION!r} permission")
    left, right = _texts(archive, record_id, left_id, right_id, viewer)
    now = stamp(archive.clock())
    actor = viewer.name or "anonymous"
    with archive.engine.begin() as conn:
        old = _current(conn, record_id, left_id, right_id)
        if old is None or not old.fits(left, right):
            raise Conflict("the texts changed since this alignment was made; reload the page and edit again")
        if expected_revision is not None and expected_revision != old.revision:
            raise Conflict(f"the alignment changed since revision {expected_revision} (now {old.revision}); "
                           "reload it and edit again")
        try:
            pairs = check(_apply(old.pairs, change), len(left), len(right))
        except (AlignmentError, KeyError, TypeError, ValueError) as exc:
            raise Invalid(f"cannot {change.get('op', 'edit')} the alignment: {exc}") from exc
        new = old.model_copy(update={"pairs": pairs, "origin": "edited", "revision": old.revision + 1,
                                     "actor": actor})
        message = f"{change['op']} pair {change['pair']}"
        saved = _write(conn, new, message, now, exists=True)
        archive.audit.record(actor, "alignment", record_id, ip,
                             {"left": left_id, "right": right_id, "revision": new.revision, "change": change},
                             conn=conn)
    return saved


def _apply(pairs: list[Pair], change: dict[str, Any]) -> list[Pair]:
    op, i = change["op"], int(change["pair"])
    if op == "merge":
        return merge(pairs, i)
    if op == "split":
        return split(pairs, i, int(change["left_at"]), int(change["right_at"]))
    if op == "move":
        side: Side = "left" if change["side"] == "left" else "right"
        if change["side"] not in ("left", "right"):
            raise AlignmentError("side must be 'left' or 'right'")
        return move(pairs, i, side, int(change["at"]))
    raise AlignmentError(f"unknown edit {op!r}: merge, split or move")


def history(archive: Archive, record_id: str, left_id: str, right_id: str, viewer: Viewer) -> list[dict[str, Any]]:
    """Every version of one alignment, newest first, for a document the viewer may read."""
    archive.get(record_id, viewer)
    query = (select(alignment_revisions)
             .where(alignment_revisions.c.record_id == record_id, alignment_revisions.c.left_id == left_id,
                    alignment_revisions.c.right_id == right_id)
             .order_by(alignment_revisions.c.number.desc()))
    with archive.engine.connect() as conn:
        return [{"revision": r.number, "at": r.at, "actor": r.actor, "message": r.message, "origin": r.origin,
                 "pairs": json.loads(r.data)["pairs"]} for r in conn.execute(query)]


def made_for(record_id: str, left_id: str, left: str, right_id: str, right: str, pairs: list[Pair],
             method: str) -> Alignment:
    """A new (not yet stored) alignment of two texts."""
    return Alignment(record_id=record_id, left_id=left_id, right_id=right_id, left_sha256=text_sha256(left),
                     right_sha256=text_sha256(right), method=method, pairs=pairs)


__all__ = ["AUTO_ACTOR", "PERMISSION", "SYSTEM", "edit", "history", "keep", "made_for", "stored"]
