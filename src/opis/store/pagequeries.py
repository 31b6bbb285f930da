"""Read-only questions the reading room asks that the Archive API does not answer in one query.

Each applies the store's one access rule (``store.access.visible``) inside its SQL, exactly as the
Archive's own reads do, so nothing here can show or count a record the reader may not see.
(Candidates to move into ``opis.store`` once another caller needs them.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select

from opis.model import Authority
from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.schema import record_links, records


@dataclass(frozen=True)
class Dated:
    """A document on a time axis: its day bounds and the date as the record gives it."""

    id: str
    title: str
    earliest: date | None
    latest: date | None
    edtf: str
    text: str
    role: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "earliest": self.earliest and self.earliest.isoformat(),
                "latest": self.latest and self.latest.isoformat(), "edtf": self.edtf, "text": self.text,
                "role": self.role}


def _date_of(data: str) -> tuple[str, str]:
    found = json.loads(data).get("date") or {}
    return str(found.get("edtf") or ""), str(found.get("text") or "")


def _dates_of(archive: Archive, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    if not ids:
        return {}
    with archive.engine.connect() as conn:
        rows = conn.execute(select(records.c.id, records.c.data).where(records.c.id.in_(list(ids)))).all()
    return {r.id: _date_of(r.data) for r in rows}


def linked_documents(archive: Archive, viewer: Viewer, target: str, roles: Sequence[str] | None = None,
                     offset: int = 0, limit: int = 50) -> tuple[list[Dated], int]:
    """A page of visible documents linking to ``target`` (in any role, or one of ``roles``), by date.

    A document linking in two roles (author and mentioned) is listed once, with the first role.
    The page and the total come from one query, and the stored JSON (for the dates as written) is
    read for the page's rows only: sorting thousands of rows with their JSON is what made this slow.
    """
    links = select(record_links.c.record_id, func.min(record_links.c.role).label("role")) \
        .where(record_links.c.target_id == target).group_by(record_links.c.record_id)
    if roles is not None:
        links = links.where(record_links.c.role.in_(list(roles)))
    sub = links.subquery()
    joined = sub.join(records, and_(records.c.id == sub.c.record_id, visible(viewer, archive.today())))
    query = (select(records.c.id, records.c.title, records.c.earliest, records.c.latest, sub.c.role,
                    func.count().over().label("total"))
             .select_from(joined).where(records.c.kind == "document")
             .order_by(records.c.earliest.is_(None), records.c.earliest, records.c.id).offset(offset).limit(limit))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    written = _dates_of(archive, [r.id for r in rows])
    total = int(rows[0].total) if rows else _count_linked(archive, joined) if offset else 0
    return [Dated(r.id, r.title, r.earliest, r.latest, *written[r.id], role=r.role) for r in rows], total


def _count_linked(archive: Archive, joined: Any) -> int:
    # Only for a page past the end, where the windowed count has no row to ride on.
    with archive.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(joined).where(records.c.kind == "document"))
                   .scalar_one())


def kind_counts(archive: Archive, viewer: Viewer, kinds: Sequence[str]) -> dict[str, int]:
    """How many visible records of each of ``kinds`` (small kinds: the ``kind`` index keeps this cheap)."""
    query = (select(records.c.kind, func.count())
             .where(records.c.kind.in_(list(kinds)), visible(viewer, archive.today())).group_by(records.c.kind))
    with archive.engine.connect() as conn:
        return {kind: int(n) for kind, n in conn.execute(query).all()}


def authorities(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> dict[str, Authority]:
    """The visible authority records among ``ids``, by id."""
    return {r.id: r for r in archive.get_many(list(ids), viewer) if isinstance(r, Authority)}


# -- OAI-PMH harvesting (opis.interop.oai) --------------------------------------------------------
#
# A harvester sees what an anonymous reader sees, plus the documents an anonymous reader could once
# see and no longer can (withdrawn, restricted, embargoed again, sent back to draft): those are
# reported as deleted. "Could once see" is decided from the revision history: some revision was
# published and public, or published and embargoed with its date passed while that revision was
# current. For such a record the store hands back that last anonymously visible revision (whose
# content was public at the time), never the current hidden one; the protocol layer uses it for set
# membership only and prints a header without metadata.

from sqlalchemy import String, case, cast, exists, not_, or_  # noqa: E402 (this section is appended to the module)

from opis.model import AccessLevel, Document, Status  # noqa: E402
from opis.store import codec  # noqa: E402
from opis.store.access import ANONYMOUS  # noqa: E402
from opis.store.schema import archival_refs, revisions  # noqa: E402

_PUBLISHED_JSON = '%"status":"published"%'  # canonical JSON: sorted keys, no spaces


@dataclass(frozen=True)
class Harvested:
    """One document as a harvester sees it: live (the current record) or deleted (the last public revision)."""

    id: str
    updated_at: str
    record: Document
    deleted: bool


def _was_public(data: str, until_day: date) -> Document | None:
    """The revision as a Document if an anonymous reader could see it at some time before ``until_day``."""
    record = codec.decode(data)
    if not isinstance(record, Document) or record.status is not Status.PUBLISHED:
        return None
    level, embargo = record.access.level, record.access.until
    if level is AccessLevel.PUBLIC or (level is AccessLevel.EMBARGOED and embargo is not None
                                       and embargo <= until_day):
        return record
    return None


def _harvest_stamp() -> Any:
    """When a harvester should see a record change: its last save, or the day its embargo lifted if later.

    An embargo lifts without a new revision; without this, a harvest "from" the last visit would
    never pick the newly readable record up."""
    lifted = cast(records.c.embargo_until, String) + "T00:00:00.000000Z"
    return case((and_(records.c.access == "embargoed", lifted > records.c.updated_at), lifted),
                else_=records.c.updated_at)


def _day_of(stamp_text: str) -> date:
    return date.fromisoformat(stamp_text[:10])


def _hidden_documents(archive: Archive) -> Any:
    return and_(records.c.kind == "document", not_(visible(ANONYMOUS, archive.today())))


def once_public_hidden(archive: Archive, ids: Sequence[str] | None = None) -> dict[str, Harvested]:
    """Documents hidden from anonymous readers now that some earlier revision showed them, by id.

    The SQL narrows the candidates to hidden documents with a revision whose JSON says published;
    each candidate revision is then decoded and judged with the access rule as it stood while that
    revision was current (an embargo counts as passed if it ended before the next revision was saved,
    or before today for the current one).
    """
    # A record with one revision that is hidden now was never shown: ``revision > 1`` keeps the JSON
    # scan to records edited since they were made (an ingest's drafts are left alone).
    where = [_hidden_documents(archive), records.c.revision > 1,
             exists().where(revisions.c.record_id == records.c.id, revisions.c.data.like(_PUBLISHED_JSON))]
    if ids is not None:
        where.append(records.c.id.in_(list(ids)))
    today = archive.today()
    found: dict[str, Harvested] = {}
    with archive.engine.connect() as conn:
        hidden = {r.id: r.updated_at for r in conn.execute(select(records.c.id, records.c.updated_at).where(*where))}
        if not hidden:
            return found
        history = conn.execute(
            select(revisions.c.record_id, revisions.c.number, revisions.c.at,
                   case((revisions.c.data.like(_PUBLISHED_JSON), revisions.c.data), else_=None).label("data"))
            .where(revisions.c.record_id.in_(list(hidden))).order_by(revisions.c.record_id, revisions.c.number)
        ).all()
    for n, row in enumerate(history):
        if row.data is None:
            continue
        following = history[n + 1] if n + 1 < len(history) else None
        current_until = (_day_of(following.at) if following is not None and following.record_id == row.record_id
                         else today)
        record = _was_public(row.data, current_until)
        if record is not None:  # later revisions come later: the last public one wins
            found[row.record_id] = Harvested(row.record_id, hidden[row.record_id], record, deleted=True)
    return found


def _in_set(record: Document, collections: Sequence[str] | None, repositories: Sequence[str] | None) -> bool:
    if collections is not None and not set(collections) & set(record.collections):
        return False
    return repositories is None or any(r.repository in repositories for r in record.archival_refs)


def harvest_page(archive: Archive, since: str | None, before: str | None, collections: Sequence[str] | None,
                 repositories: Sequence[str] | None, after: tuple[str, str] | None,
                 limit: int) -> tuple[list[Harvested], int]:
    """A page of harvestable documents by (updated_at, id), and how many remain from this page on.

    ``since`` (inclusive) and ``before`` (exclusive) bound ``updated_at`` (the store's timestamp text);
    ``collections`` (ids) and ``repositories`` (codes) select a set: a document belongs to it if it is in one
    of the collections and held (by an archival reference) by one of the repositories; ``after`` is
    the (updated_at, id) of the last document of the previous page. Live documents are those an
    anonymous reader sees; deleted ones come from ``once_public_hidden`` and are matched against the
    set through their last public revision.
    """
    deleted = {i: h for i, h in once_public_hidden(archive).items()
               if _in_set(h.record, collections, repositories)}
    live = [records.c.kind == "document", visible(ANONYMOUS, archive.today())]
    if collections is not None:
        live.append(exists().where(record_links.c.record_id == records.c.id, record_links.c.role == "collection",
                                   record_links.c.target_id.in_(list(collections))))
    if repositories is not None:
        live.append(exists().where(archival_refs.c.record_id == records.c.id, archival_refs.c.origin == "holding",
                                   archival_refs.c.repository.in_(list(repositories))))
    chosen = or_(and_(*live), records.c.id.in_(list(deleted))) if deleted else and_(*live)
    when = _harvest_stamp()
    where = [chosen]
    if since is not None:
        where.append(when >= since)
    if before is not None:
        where.append(when < before)
    if after is not None:
        where.append(or_(when > after[0], and_(when == after[0], records.c.id > after[1])))
    query = (select(records.c.id, when.label("updated_at"), records.c.data, func.count().over().label("remaining"))
             .where(*where).order_by(when, records.c.id).limit(limit))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    live_rows = [row for row in rows if row.id not in deleted]
    shown = dict(zip((row.id for row in live_rows),
                     archive.readable([codec.decode(row.data) for row in live_rows], ANONYMOUS), strict=True))
    items: list[Harvested] = []
    for row in rows:
        if row.id in deleted:  # never the hidden current JSON: the last public revision
            items.append(Harvested(row.id, row.updated_at, deleted[row.id].record, deleted=True))
        else:
            record = shown[row.id]
            assert isinstance(record, Document)
            items.append(Harvested(row.id, row.updated_at, record, deleted=False))
    return items, int(rows[0].remaining) if rows else 0


def harvest_one(archive: Archive, doc_id: str) -> Harvested | None:
    """One harvestable document (live or deleted), or None if a harvester may not know of it."""
    with archive.engine.connect() as conn:
        row = conn.execute(select(_harvest_stamp().label("updated_at"), records.c.data).where(
            records.c.id == doc_id, records.c.kind == "document", visible(ANONYMOUS, archive.today()))).first()
    if row is not None:
        record = archive.readable([codec.decode(row.data)], ANONYMOUS)[0]
        assert isinstance(record, Document)
        return Harvested(doc_id, row.updated_at, record, deleted=False)
    return once_public_hidden(archive, [doc_id]).get(doc_id)


def harvest_repositories(archive: Archive) -> list[str]:
    """The repository codes holding (by archival reference) at least one document an anonymous reader sees."""
    query = (select(archival_refs.c.repository).distinct()
             .join(records, records.c.id == archival_refs.c.record_id)
             .where(archival_refs.c.origin == "holding", archival_refs.c.repository.is_not(None),
                    records.c.kind == "document", visible(ANONYMOUS, archive.today())))
    with archive.engine.connect() as conn:
        return sorted(str(code) for code in conn.execute(query).scalars())


def earliest_harvestable(archive: Archive) -> str | None:
    """The oldest ``updated_at`` among harvestable documents (live or deleted), or None if there are none."""
    query = select(func.min(_harvest_stamp())).where(records.c.kind == "document",
                                                         visible(ANONYMOUS, archive.today()))
    with archive.engine.connect() as conn:
        live = conn.execute(query).scalar()
    stamps = [str(live)] if live else []
    stamps += [h.updated_at for h in once_public_hidden(archive).values()]
    return min(stamps) if stamps else None


CHUNK = 500  # ids per IN list when a page reads rows of many documents


def members(archive: Archive, viewer: Viewer, collection_id: str, limit: int) -> tuple[dict[str, str], int]:
    """id -> title of the first ``limit`` visible documents of a collection (by date), and how many there are:
    what the decision record and the ledger read a collection's statements by, without its documents' JSON."""
    links = select(record_links.c.record_id).where(record_links.c.target_id == collection_id,
                                                   record_links.c.role == "collection").distinct().subquery()
    joined = links.join(records, and_(records.c.id == links.c.record_id, visible(viewer, archive.today())))
    query = (select(records.c.id, records.c.title, func.count().over().label("total")).select_from(joined)
             .where(records.c.kind == "document")
             .order_by(records.c.earliest.is_(None), records.c.earliest, records.c.id).limit(limit))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {r.id: r.title for r in rows}, int(rows[0].total) if rows else 0


# A document's stored JSON (store/codec.py: keys sorted, no spaces) holds ``"rates":[{`` exactly when its
# findings state an exchange rate; the test of it in SQL spares decoding every other document.
_STATES_RATES = '"rates":[{'


def stating_rates(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> list[Document]:
    """The visible documents among ``ids`` whose findings state an exchange rate (the ledger's conversion)."""
    found: list[str] = []
    with archive.engine.connect() as conn:
        for start in range(0, len(ids), CHUNK):
            query = select(records.c.data).where(records.c.id.in_(list(ids[start:start + CHUNK])),
                                                 records.c.kind == "document", visible(viewer, archive.today()),
                                                 records.c.data.contains(_STATES_RATES, autoescape=True))
            found += conn.execute(query).scalars().all()
    # decoded after the queries: their time limit is the SQL's, not the decoding's
    return [d for data in found if isinstance(d := codec.decode(data), Document)]
