"""The archive store: save records as revisions, read them through the access rule.

Every save writes, in one transaction: the record's current row, a new revision, the derived
rows, and an outbox row for the index. Nothing is overwritten without a revision; nothing is
deleted (records are withdrawn, a status).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, bindparam, case, func, insert, select, update

from opis.config import Settings
from opis.model import AUTHORITY_KINDS, AnyRecord, Document, Status
from opis.store import codec, lookup, redact, replica, statements, tree, workflow
from opis.store import units as unit_store
from opis.store.access import SYSTEM, Viewer, sees_everything, visible
from opis.store.accounts import Accounts
from opis.store.audit import AuditLog
from opis.store.clock import Clock, stamp, utc_now
from opis.store.db import insert_many, make_engine, migrate
from opis.store.derived import original_key, write_derived, write_derived_many
from opis.store.errors import Conflict, Forbidden, Invalid, NotFound
from opis.store.originals import Originals, open_originals
from opis.store.schema import originals, outbox, record_links, records, revisions
from opis.store.units import UnitDescription, UnitPath


@dataclass(frozen=True)
class Saved:
    id: str
    revision: int
    changed: bool


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    at: str
    actor: str
    message: str


@dataclass(frozen=True)
class Page:
    items: list[AnyRecord]
    total: int
    offset: int
    limit: int


class Archive:
    def __init__(self, engine: Engine, originals: Originals, clock: Clock = utc_now,
                 reader: Engine | None = None) -> None:
        self.engine = engine
        self.reader = reader  # a hot standby for reads that may be a little stale (store.replica)
        self.originals = originals
        self.clock = clock
        self.accounts = Accounts(engine, clock)
        self.audit = AuditLog(engine, clock)

    @classmethod
    def open(cls, settings: Settings, clock: Clock = utc_now) -> Archive:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.url, settings.query_timeout_ms)
        migrate(engine)
        reader = make_engine(settings.read_database_url, settings.query_timeout_ms) \
            if settings.read_database_url else None
        archive = cls(engine, open_originals(settings), clock, reader)
        archive.accounts.session_days = settings.session_days
        return archive

    def today(self) -> date:
        return self.clock().astimezone(UTC).date()

    # -- writing ---------------------------------------------------------------------------

    def put(self, record: AnyRecord, actor: str, message: str = "") -> Saved:
        """Save ``record`` as its newest revision; saving identical content changes nothing."""
        with self.engine.begin() as conn:
            return self._save(conn, record, actor, message, stamp(self.clock()))

    def put_all(self, items: Sequence[AnyRecord], actor: str, message: str = "",
                units: Sequence[UnitDescription] = ()) -> list[Saved]:
        """Save several records (and descriptions of archival units) in one transaction: all or none."""
        now = stamp(self.clock())
        with self.engine.begin() as conn:
            saved = self._save_batch(conn, items, actor, message, now)
            unit_store.save(conn, units, actor, message, now)
            return saved

    def save_in(self, conn: Connection, items: Sequence[AnyRecord], actor: str, message: str,
                now: str) -> list[Saved]:
        """``put_all`` inside a transaction of the caller's (a job that marks its work done with the saves)."""
        return self._save_batch(conn, items, actor, message, now)

    def unit_descriptions(self, viewer: Viewer, paths: Iterable[UnitPath] | None = None,
                          ) -> dict[UnitPath, UnitDescription]:
        """What finding aids said of archival units (of ``paths``, or all) that ``viewer`` may read, by path."""
        return unit_store.described(self.engine, viewer, paths)

    def _save_batch(self, conn: Connection, items: Sequence[AnyRecord], actor: str, message: str,
                    now: str) -> list[Saved]:
        """What ``_save`` does for each record, with one statement per table for the whole batch:
        a bulk import spent most of its time compiling and running a dozen statements per record."""
        ids = [r.id for r in items]
        if len(set(ids)) != len(ids):  # the same record twice: each save must see the one before it
            return [self._save(conn, r, actor, message, now) for r in items]
        stored: dict[str, tuple[int, str]] = {}
        for start in range(0, len(ids), 500):
            stored.update({row.id: (row.revision, row.data) for row in conn.execute(
                select(records.c.id, records.c.revision, records.c.data)
                .where(records.c.id.in_(ids[start:start + 500])))})
        saved: list[Saved] = []
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[dict[str, Any]] = []
        revision_rows: list[dict[str, Any]] = []
        changed: list[AnyRecord] = []
        for record in items:
            data = codec.encode(record)
            old = stored.get(record.id)
            if old is not None and old[1] == data:
                saved.append(Saved(record.id, old[0], changed=False))
                continue
            number = 1 if old is None else old[0] + 1
            values = self._row_values(record, data, number, now)
            if old is None:
                new_rows.append({"id": record.id, "created_at": now, **values})
            else:
                changed_rows.append({"_id": record.id, **values})
            revision_rows.append({"record_id": record.id, "number": number, "at": now, "actor": actor,
                                  "message": message or ("created" if number == 1 else "edited"), "data": data})
            changed.append(record)
            saved.append(Saved(record.id, number, changed=True))
        if new_rows:
            insert_many(conn, records, new_rows)
        if changed_rows:
            conn.execute(update(records).where(records.c.id == bindparam("_id")),
                         changed_rows)
        if revision_rows:
            insert_many(conn, revisions, revision_rows)
            added = {r["id"] for r in new_rows}
            write_derived_many(conn, changed, new=added)
            for record in changed:
                if isinstance(record, Document):  # as in ``_save``: the findings become statements to judge
                    statements.sync(conn, record, now, new=record.id in added)
            insert_many(conn, outbox, [{"record_id": r["record_id"], "revision": r["number"], "at": now}
                                       for r in revision_rows])
        return saved

    @contextmanager
    def saving(self, actor: str, message: str = "") -> Iterator[Callable[[AnyRecord], Saved]]:
        """One transaction for several saves made as work goes on (``put_all`` when they are all at
        hand): yields ``save(record)``; commits when the block ends, nothing saved if it raises."""
        now = stamp(self.clock())
        with self.engine.begin() as conn:
            yield lambda record: self._save(conn, record, actor, message, now)

    def _save(self, conn: Connection, record: AnyRecord, actor: str, message: str, now: str) -> Saved:
        data = codec.encode(record)
        row = conn.execute(select(records.c.revision, records.c.data).where(records.c.id == record.id)).first()
        if row is not None and row.data == data:
            return Saved(record.id, row.revision, changed=False)
        number = 1 if row is None else row.revision + 1
        values = self._row_values(record, data, number, now)
        if row is None:
            conn.execute(insert(records).values(id=record.id, created_at=now, **values))
        else:
            conn.execute(update(records).where(records.c.id == record.id).values(**values))
        conn.execute(insert(revisions).values(record_id=record.id, number=number, at=now, actor=actor,
                                              message=message or ("created" if number == 1 else "edited"),
                                              data=data))
        write_derived(conn, record)
        if isinstance(record, Document):
            statements.sync(conn, record, now)  # what the extractors found becomes statements to judge
        conn.execute(insert(outbox).values(record_id=record.id, revision=number, at=now))
        return Saved(record.id, number, changed=True)

    @staticmethod
    def _row_values(record: AnyRecord, data: str, number: int, now: str) -> dict[str, Any]:
        earliest, latest = codec.date_bounds(record)
        kind = record.kind
        return {"kind": kind, "title": codec.title_of(record), "revision": number,
                "status": record.status.value, "access": record.access.level.value,
                "embargo_until": record.access.until, "earliest": earliest, "latest": latest,
                "updated_at": now, "data": data}

    def put_many(self, items: Iterable[AnyRecord], actor: str, message: str = "") -> list[Saved]:
        return [self.put(r, actor, message) for r in items]

    def restore(self, record_id: str, number: int, actor: str) -> Saved:
        """Make revision ``number`` current again, as a new revision (history is never rewritten)."""
        old = self.revision(record_id, number, SYSTEM)
        return self.put(old, actor, f"restored revision {number}")

    # -- people's changes: the access rule, the edit rule, a revision and an audit entry at once --

    def edit(self, record: AnyRecord, viewer: Viewer, message: str = "", ip: str = "",
             expected_revision: int | None = None) -> Saved:
        """Save a person's change. New records need the right to create that kind and start as drafts
        unless the person may publish; an existing record keeps its status (``move`` changes it).
        ``expected_revision`` guards against saving over a change someone else made meanwhile."""
        old, current = self._current(record.id, viewer)
        if old is None:
            if not workflow.may_create(viewer, record.kind):
                raise Forbidden(f"{viewer.name or 'an anonymous reader'} may not add {record.kind} records")
            if record.status is not Status.DRAFT and not viewer.may("publish"):
                raise Forbidden("new records start as drafts; publishing needs the 'publish' permission")
        else:
            workflow.check_edit(viewer, old)
            if record.kind != old.kind or record.status is not old.status:
                raise Invalid("an edit keeps the record's kind and status; status changes go through the workflow")
            if expected_revision is not None and expected_revision != current:
                raise Conflict(f"{record.id!r} changed since revision {expected_revision} (now {current}); "
                               "reload it and apply your change again")
        return self.save_audited(record, viewer, message or ("created" if old is None else "edited"),
                                  "create" if old is None else "edit", ip)

    def move(self, record_id: str, target: Status, viewer: Viewer, ip: str = "") -> Saved:
        """Move a record along the workflow (draft → review → published → withdrawn)."""
        old = self.get(record_id, viewer)
        new = workflow.moved(viewer, old, target)
        return self.save_audited(new, viewer, f"status: {old.status.value} → {target.value}", "status", ip)

    def restore_as(self, record_id: str, number: int, viewer: Viewer, ip: str = "") -> Saved:
        """Make revision ``number`` current again as a new revision; the record keeps its present status."""
        current = self.get(record_id, viewer)
        workflow.check_edit(viewer, current)
        # The revision as stored, hidden links included: restoring it restores what it linked to.
        old = self.revision(record_id, number, SYSTEM).model_copy(update={"status": current.status})
        return self._save_audited(old, viewer, f"restored revision {number}", "restore", ip)

    def _current(self, record_id: str, viewer: Viewer) -> tuple[AnyRecord | None, int]:
        with self.engine.connect() as conn:
            row = conn.execute(select(records.c.revision).where(records.c.id == record_id)).first()
        if row is None:
            return None, 0
        return self.get(record_id, viewer), row.revision  # a record hidden from viewer is NotFound here

    def save_audited(self, record: AnyRecord, viewer: Viewer, message: str, action: str, ip: str) -> Saved:
        """Save with a revision and an audit entry in one transaction, without the edit rule: for callers
        that applied a narrower rule of their own (a translator adding one text to any readable document).
        ``record`` is what the viewer read and changed: links the viewer could not see are put back."""
        return self._save_audited(record, viewer, message, action, ip, keep_hidden=True)

    def _save_audited(self, record: AnyRecord, viewer: Viewer, message: str, action: str, ip: str,
                      keep_hidden: bool = False) -> Saved:
        actor = viewer.name or "anonymous"
        with self.engine.begin() as conn:
            if keep_hidden:
                record = self._with_hidden_links(conn, record, viewer)
            saved = self._save(conn, record, actor, message, stamp(self.clock()))
            if saved.changed:
                self.audit.record(actor, action, record.id, ip, {"revision": saved.revision, "message": message},
                                  conn=conn)
        return saved

    # -- reading ---------------------------------------------------------------------------

    def reading(self) -> AbstractContextManager[Connection]:
        """A connection for a read that may be a little stale: the standby's inside
        ``replica.stale_reads`` once it has replayed the reader's own writes, else the primary's."""
        return replica.connection(self.engine, self.reader)

    def _visible(self, viewer: Viewer) -> Any:
        return visible(viewer, self.today())

    def _shown(self, conn: Connection, ids: Iterable[str], viewer: Viewer) -> set[str]:
        """The ids among ``ids`` of records the viewer may read."""
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        query = select(records.c.id).where(records.c.id.in_(wanted), self._visible(viewer))
        return set(conn.execute(query).scalars())

    def _redacted(self, conn: Connection, items: list[AnyRecord], viewer: Viewer) -> list[AnyRecord]:
        """``items`` as ``viewer`` may read them: links to records hidden from the viewer taken out."""
        if sees_everything(viewer):
            return items
        shown = self._shown(conn, (t for r in items for t in redact.targets(r)), viewer)
        return [redact.redacted(r, shown) for r in items]

    def readable(self, items: list[AnyRecord], viewer: Viewer) -> list[AnyRecord]:
        """Records read by a query of one's own (under ``visible``) as ``viewer`` may read them."""
        with self.reading() as conn:
            return self._redacted(conn, items, viewer)

    def _with_hidden_links(self, conn: Connection, record: AnyRecord, viewer: Viewer) -> AnyRecord:
        if sees_everything(viewer):
            return record
        data = conn.execute(select(records.c.data).where(records.c.id == record.id)).scalar()
        if data is None:
            return record
        old = codec.decode(data)
        return redact.kept(record, old, self._shown(conn, redact.targets(old), viewer))

    def get(self, record_id: str, viewer: Viewer) -> AnyRecord:
        with self.reading() as conn:
            data = conn.execute(
                select(records.c.data).where(records.c.id == record_id, self._visible(viewer))
            ).scalar()
            if data is None:
                raise NotFound(f"no record {record_id!r}")
            return self._redacted(conn, [codec.decode(data)], viewer)[0]

    def get_many(self, ids: Sequence[str], viewer: Viewer) -> list[AnyRecord]:
        """The visible records among ``ids``, in the order given (hidden or missing ones left out)."""
        if not ids:
            return []
        with self.reading() as conn:
            rows = conn.execute(
                select(records.c.id, records.c.data).where(records.c.id.in_(list(ids)), self._visible(viewer))
            ).all()
            found = dict(zip((r.id for r in rows),
                             self._redacted(conn, [codec.decode(r.data) for r in rows], viewer), strict=True))
        return [found[i] for i in ids if i in found]

    def titles(self, ids: Sequence[str], viewer: Viewer) -> dict[str, tuple[str, str]]:
        """id -> (kind, title) of the visible records among ``ids``, without decoding them."""
        if not ids:
            return {}
        query = select(records.c.id, records.c.kind, records.c.title).where(records.c.id.in_(list(ids)),
                                                                            self._visible(viewer))
        with self.reading() as conn:
            return {r.id: (r.kind, r.title) for r in conn.execute(query).all()}

    def browse(self, viewer: Viewer, kinds: Sequence[str] = ("document",), offset: int = 0,
             limit: int = 50, order: str = "date") -> Page:
        """A page of visible records of the given kinds; documents by date (undated last), others by title."""
        where = [records.c.kind.in_(list(kinds)), self._visible(viewer)]
        keys = ([records.c.earliest.is_(None), records.c.earliest, records.c.latest, records.c.id]
                if order == "date" else [records.c.title, records.c.id])
        query: Select[Any] = select(records.c.data).where(*where).order_by(*keys).offset(offset).limit(limit)
        with self.reading() as conn:
            total = conn.execute(select(func.count()).select_from(records).where(*where)).scalar_one()
            items = self._redacted(conn, [codec.decode(d) for d in conn.execute(query).scalars()], viewer)
        return Page(items, total, offset, limit)

    def counts(self, viewer: Viewer) -> dict[str, int]:
        with self.reading() as conn:
            rows = conn.execute(
                select(records.c.kind, func.count()).where(self._visible(viewer)).group_by(records.c.kind)
            ).all()
        return {kind: n for kind, n in sorted(rows)}

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(records)).scalar_one() == 0

    def revisions(self, record_id: str, viewer: Viewer) -> list[RevisionInfo]:
        self.get(record_id, viewer)  # the access rule decides for the history too
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(revisions.c.number, revisions.c.at, revisions.c.actor, revisions.c.message)
                .where(revisions.c.record_id == record_id).order_by(revisions.c.number)
            ).all()
        return [RevisionInfo(r.number, r.at, r.actor, r.message) for r in rows]

    def current_revision(self, record_id: str, viewer: Viewer) -> int:
        """The number of the record's newest revision (what an edit form or If-Match starts from)."""
        with self.engine.connect() as conn:
            number = conn.execute(select(records.c.revision).where(records.c.id == record_id,
                                                                   self._visible(viewer))).scalar()
        if number is None:
            raise NotFound(f"no record {record_id!r}")
        return int(number)

    def revision(self, record_id: str, number: int, viewer: Viewer) -> AnyRecord:
        self.get(record_id, viewer)
        with self.engine.connect() as conn:
            data = conn.execute(
                select(revisions.c.data).where(revisions.c.record_id == record_id, revisions.c.number == number)
            ).scalar()
            if data is None:
                raise NotFound(f"record {record_id!r} has no revision {number}")
            return self._redacted(conn, [codec.decode(data)], viewer)[0]

    # -- the archival tree, names and links (access rule applied inside each query) ----------

    def tree_children(self, viewer: Viewer, path: tree.Path, offset: int = 0,
                      limit: int = 100) -> tuple[list[tree.Node], int]:
        return tree.children(self.engine, viewer, self.today(), path, offset, limit)

    def tree_refs(self, viewer: Viewer, path: tree.Path, offset: int = 0,
                  limit: int = 100) -> tuple[list[tree.RefHit], int]:
        return tree.refs_at(self.engine, viewer, self.today(), path, offset, limit)

    def tree_summary(self, viewer: Viewer, path: tree.Path) -> tree.Node:
        return tree.summary(self.engine, viewer, self.today(), path)

    def lookup(self, name: str, viewer: Viewer,
               kinds: tuple[str, ...] = AUTHORITY_KINDS) -> list[lookup.NameMatch]:
        return lookup.lookup_names(self.engine, viewer, self.today(), name, kinds)

    def linked(self, target_id: str, viewer: Viewer) -> list[tuple[str, str, str]]:
        return lookup.linked_records(self.engine, viewer, self.today(), target_id)

    def repository_id(self, code: str, viewer: Viewer) -> str | None:
        return lookup.repository_record_id(self.engine, viewer, self.today(), code)

    # -- stored originals --------------------------------------------------------------------

    def add_original(self, source: Path, filename: str, media_type: str) -> tuple[str, int, bool]:
        """Keep ``source`` unchanged under its SHA-256; return (sha256, size, newly listed)."""
        sha, size = self.originals.put_file(source)
        with self.engine.begin() as conn:
            new = self._list_original(conn, sha, size, filename, media_type)
        return sha, size, new

    def _list_original(self, conn: Connection, sha: str, size: int, filename: str, media_type: str) -> bool:
        if conn.execute(select(originals.c.sha256).where(originals.c.sha256 == sha)).first() is not None:
            return False
        insert_many(conn, originals, [{"sha256": sha, "size": size, "media_type": media_type, "filename": filename,
                                       "stored_at": stamp(self.clock())}])
        return True

    def has_original(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(originals.c.sha256).where(originals.c.sha256 == sha256)).first() is not None

    def commit_file(self, source: Path, filename: str, media_type: str, items: Sequence[AnyRecord],
                    actor: str, message: str,
                    words: Sequence[Any] = (), stored: tuple[str, int] | None = None,
                    also: Callable[[Connection], object] | None = None) -> tuple[str, list[Saved] | None]:
        """Store a file and the records made from it as one unit; (sha256, None) if it was stored before.

        The bytes go in first (content-addressed, harmless to repeat); the original's row and every
        record are then written in one transaction, so a killed process leaves either the whole
        file recorded or nothing that names it. ``words``: the OCR words on its pages
        (``store.pagewords.PageWords``), written in the same transaction. ``stored``: the (sha256,
        size) ``self.originals.put_file(source)`` gave the caller already (an ingest worker copies
        and syncs the bytes in parallel, so the single writer only writes rows); checked to be there.
        ``also``: more to write in that transaction when the file is new (the ingest job's outcome
        row, so a job retried after a crash finds the file either recorded with its outcome or not
        at all).
        """
        if stored is not None and self.originals.has(stored[0]):
            sha, size = stored
        else:
            sha, size = self.originals.put_file(source)
        now = stamp(self.clock())
        with self.engine.begin() as conn:
            if not self._list_original(conn, sha, size, filename, media_type):
                return sha, None
            if words:  # OCR word boxes of its pages (store.pagewords.PageWords), kept with the file
                from opis.store.pagewords import keep_words

                keep_words(conn, sha, words)
            # One statement per table for all the file's records (``_save_batch``), not a dozen per record:
            # the single writer of an ingest batch spent most of its time building statements.
            saved = self._save_batch(conn, items, actor, message, now)
            if also is not None:
                also(conn)
            return sha, saved

    def original_info(self, sha256: str, viewer: Viewer) -> dict[str, Any]:
        """A stored original's row, if the viewer may read every record that holds it.

        An original follows the strictest rule of its holders: one restricted document holding a
        file hides it from whoever may not read restricted records, whatever else holds it too. A
        file no record holds (its document was edited to drop it) is for those who see everything."""
        holders, seen = self._original_holders(sha256, viewer)
        if seen < holders or (holders == 0 and not sees_everything(viewer)):
            raise NotFound(f"no stored original {sha256}")
        with self.engine.connect() as conn:
            row = conn.execute(select(originals).where(originals.c.sha256 == sha256)).first()
        if row is None:
            raise NotFound(f"no stored original {sha256}")
        return dict(row._mapping)

    def _original_holders(self, sha256: str, viewer: Viewer) -> tuple[int, int]:
        """(records holding the original, how many of them the viewer may read)."""
        seen = func.coalesce(func.sum(case((self._visible(viewer), 1), else_=0)), 0)
        query = (select(func.count(), seen)
                 .select_from(record_links.join(records, records.c.id == record_links.c.record_id))
                 .where(record_links.c.target_id == original_key(sha256)))
        with self.engine.connect() as conn:
            holders, visible_holders = conn.execute(query).one()
        return int(holders), int(visible_holders)
