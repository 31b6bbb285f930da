"""Witnesses of one work, stored: pairs of records proposed on ingest (by likeness of text or description)
and confirmed or rejected by an editor. Every change is a revision (``witness_link_revisions``) and an
editor's decision an audit entry. A pair is kept once, the smaller id on the left; readers see a link only
when they may read both records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Select, bindparam, func, insert, or_, select, union, update
from sqlalchemy.orm import aliased

from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.errors import Forbidden, Invalid
from opis.store.schema import records, witness_link_revisions, witness_links

PERMISSION = "publish"  # an editor decides what is one work
FINDER = "opis-witnesses"
Status = Literal["proposed", "confirmed", "rejected"]
STATUSES: tuple[Status, ...] = ("proposed", "confirmed", "rejected")
CANDIDATES = 50  # records compared with a new one, at most


@dataclass(frozen=True)
class Link:
    """``other`` is the record on the far side from the one asked about."""

    left_id: str
    right_id: str
    status: Status
    score: float
    reasons: dict[str, Any]
    revision: int
    updated_at: str
    actor: str

    def other(self, record_id: str) -> str:
        return self.right_id if record_id == self.left_id else self.left_id


def _pair(a: str, b: str) -> tuple[str, str]:
    if a == b:
        raise Invalid("a record is not a witness of itself")
    return (a, b) if a < b else (b, a)


def _link(row: Any) -> Link:
    return Link(row.left_id, row.right_id, row.status, row.score, json.loads(row.data).get("reasons", {}),
                row.revision, row.updated_at, row.actor)


def _current(conn: Connection, left: str, right: str) -> Link | None:
    row = conn.execute(select(witness_links).where(witness_links.c.left_id == left,
                                                   witness_links.c.right_id == right)).first()
    return _link(row) if row is not None else None


def _write(conn: Connection, link: Link, message: str, exists: bool) -> None:
    data = json.dumps({"reasons": link.reasons}, sort_keys=True, separators=(",", ":"))
    values = {"status": link.status, "score": link.score, "revision": link.revision, "updated_at": link.updated_at,
              "actor": link.actor, "data": data}
    if exists:
        conn.execute(update(witness_links).where(witness_links.c.left_id == link.left_id,
                                                 witness_links.c.right_id == link.right_id).values(**values))
    else:
        conn.execute(insert(witness_links).values(left_id=link.left_id, right_id=link.right_id, **values))
    conn.execute(insert(witness_link_revisions).values(
        left_id=link.left_id, right_id=link.right_id, number=link.revision, at=link.updated_at, actor=link.actor,
        message=message, status=link.status, score=link.score, data=data))


def propose(archive: Archive, a: str, b: str, score: float, reasons: dict[str, Any]) -> Link | None:
    """Propose ``a`` and ``b`` as witnesses of one work, unless the pair is already stored (proposed,
    confirmed or rejected: an editor's decision is never undone by a later ingest). The new link, or None."""
    left, right = _pair(a, b)
    with archive.engine.begin() as conn:
        if _current(conn, left, right) is not None:
            return None
        link = Link(left, right, "proposed", score, reasons, 1, stamp(archive.clock()), FINDER)
        _write(conn, link, f"proposed: alike by {reasons.get('found_by', 'description')} ({score:.2f})", False)
    return link


def decide(archive: Archive, a: str, b: str, status: str, viewer: Viewer, ip: str = "") -> Link:
    """An editor confirms, rejects or reopens a link, as a new revision with an audit entry."""
    if not viewer.may(PERMISSION):
        raise Forbidden(f"deciding witnesses needs the {PERMISSION!r} permission")
    if status not in STATUSES:
        raise Invalid(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    left, right = _pair(a, b)
    archive.get(left, viewer)  # both records must be readable by the editor (NotFound otherwise)
    archive.get(right, viewer)
    with archive.engine.begin() as conn:
        old = _current(conn, left, right)
        if old is None:
            link = Link(left, right, status, 1.0, {"found_by": "editor"}, 1, stamp(archive.clock()),
                        viewer.name or "anonymous")
        else:
            link = Link(left, right, status, old.score, old.reasons, old.revision + 1,
                        stamp(archive.clock()), viewer.name or "anonymous")
        _write(conn, link, status, old is not None)
        archive.audit.record(link.actor, "witness", left, ip, {"right": right, "status": status,
                                                                "revision": link.revision}, conn=conn)
    return link


def links_of(archive: Archive, record_id: str, viewer: Viewer) -> list[Link]:
    """The record's links (not the rejected ones) to records the viewer may read, surest first."""
    left, right = aliased(records), aliased(records)
    today = archive.today()
    query = (select(witness_links)
             .join(left, left.c.id == witness_links.c.left_id).join(right, right.c.id == witness_links.c.right_id)
             .where(or_(witness_links.c.left_id == record_id, witness_links.c.right_id == record_id),
                    witness_links.c.status != "rejected",
                    visible(viewer, today, left), visible(viewer, today, right))
             .order_by(witness_links.c.status, witness_links.c.score.desc()))
    with archive.engine.connect() as conn:
        return [_link(r) for r in conn.execute(query)]


def history(archive: Archive, a: str, b: str, viewer: Viewer) -> list[dict[str, Any]]:
    """Every version of one link, newest first."""
    left, right = _pair(a, b)
    archive.get(left, viewer)
    archive.get(right, viewer)
    query = (select(witness_link_revisions).where(witness_link_revisions.c.left_id == left,
                                                  witness_link_revisions.c.right_id == right)
             .order_by(witness_link_revisions.c.number.desc()))
    with archive.engine.connect() as conn:
        return [{"revision": r.number, "at": r.at, "actor": r.actor, "message": r.message, "status": r.status,
                 "score": r.score} for r in conn.execute(query)]


def _candidates_query(by_day: bool) -> Select[Any]:
    """The look-up of ``candidates``, with bound parameters (``title``, ``me``, ``day_from``, ``day_to``).
    Built once per shape: building it for every ingested file was a third of the look-up's time."""
    document = records.c.kind == "document"
    # A union of two indexed look-ups (kind + lower(title), kind + earliest), not one query with OR:
    # with OR, SQLite used only the kind and read every document, once per ingested file, so a batch
    # slowed down as the archive grew (bench/ingest/growth.py).
    same_title = func.lower(records.c.title) == bindparam("title")
    looks: list[Select[tuple[str]]] = [select(records.c.id).where(document, same_title)]
    if by_day:
        looks.append(select(records.c.id).where(document, records.c.earliest == bindparam("day_from"),
                                                records.c.latest == bindparam("day_to")))
    found = union(*looks).subquery()
    return select(found.c.id).where(found.c.id != bindparam("me")).order_by(found.c.id).limit(CANDIDATES)


_CANDIDATES = {by_day: _candidates_query(by_day) for by_day in (False, True)}


def candidates(archive: Archive, record_id: str, title: str, earliest: Any, latest: Any) -> list[str]:
    """Documents worth comparing with one: the same title (any case), or the same dates to the day."""
    by_day = earliest is not None and earliest == latest
    params = {"title": title.lower(), "me": record_id, **({"day_from": earliest, "day_to": latest} if by_day else {})}
    with archive.engine.connect() as conn:
        return list(conn.execute(_CANDIDATES[by_day], params).scalars())
