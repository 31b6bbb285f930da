"""Merging two authority records into one, and splitting one into two.

Merging B into A: A keeps every name of both (B's preferred name becomes a variant), the union of
offices and identifiers, and fills its empty fields from B; values that disagree are reported,
never silently dropped (B keeps them, withdrawn, and the audit entry lists them). Every record
that points to B is re-pointed to A, B is withdrawn with ``merged_into`` = A so old links
redirect, and all of it is one transaction: a failure anywhere leaves nothing half-merged.

Splitting moves chosen variant names and chosen linked records from a record to a new one.

Each changed record is a revision saved by the person (actor = the editor) with an audit entry,
like any other edit. Re-pointing is found by the id appearing as a JSON value anywhere in a
record, so a reference field added to the model later is re-pointed too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, select

from opis.model import AnyRecord, Authority, DocDate, Name, Status, make_id, record_from_dict
from opis.store import codec, workflow
from opis.store.access import SYSTEM, Viewer
from opis.store.archive import Archive, Saved
from opis.store.clock import stamp
from opis.store.errors import Conflict, Invalid, NotFound
from opis.store.schema import records

MAX_CHAIN = 10  # merged_into hops followed when resolving an old link


@dataclass(frozen=True)
class FieldConflict:
    """A field both records fill differently: A's value is kept, B's stays on the withdrawn B."""

    field: str
    kept: str
    other: str


@dataclass(frozen=True)
class MergePlan:
    result: Authority  # A as the merge would leave it
    keep: Authority
    other: Authority
    conflicts: list[FieldConflict]
    relink: list[tuple[str, str, str]]  # (id, kind, title) of the records pointing to B that the viewer sees
    relink_total: int  # all records the merge re-points, hidden ones included


@dataclass(frozen=True)
class MergeResult:
    kept: str
    merged: str
    revision: int
    relinked: list[str]
    conflicts: list[FieldConflict] = field(default_factory=list)


@dataclass(frozen=True)
class SplitResult:
    source: str
    created: str
    relinked: list[str]


# -- pure parts ------------------------------------------------------------------------------


def _compatible(a: Name, b: Name) -> bool:
    """Same spelling with no contradicting tag: one name seen twice, perhaps tagged only once."""
    return a.value == b.value and all(x is None or y is None or x == y
                                      for x, y in ((a.lang, b.lang), (a.scheme, b.scheme)))


def merged_names(keep: Authority, other: Authority) -> list[Name]:
    """A's variants, then B's preferred and variants; a repeat fills in tags the first lacked."""
    out: list[Name] = []
    for name in [*keep.names, Name(value=other.preferred), *other.names]:
        if name.value == keep.preferred and name.lang is None and name.scheme is None:
            continue  # A's own preferred name, untagged: says nothing new
        at = next((i for i, n in enumerate(out) if _compatible(n, name)), None)
        if at is None:
            out.append(name)
        else:
            first = out[at]
            out[at] = Name(value=first.value, lang=first.lang or name.lang, scheme=first.scheme or name.scheme)
    return out


def _text(value: Any) -> str:
    if isinstance(value, DocDate):
        return value.edtf + (f" ({value.text})" if value.text else "")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _single(name: str, mine: Any, theirs: Any, conflicts: list[FieldConflict]) -> Any:
    """A's value if it has one, else B's; both set and different is a conflict."""
    if mine and theirs and mine != theirs:
        conflicts.append(FieldConflict(name, _text(mine), _text(theirs)))
    return mine or theirs


def merged_authority(keep: Authority, other: Authority) -> tuple[Authority, list[FieldConflict]]:
    conflicts: list[FieldConflict] = []
    identifiers = dict(keep.identifiers)
    for key, value in sorted(other.identifiers.items()):
        if identifiers.setdefault(key, value) != value:
            conflicts.append(FieldConflict(f"identifiers.{key}", identifiers[key], value))
    update = {
        "names": merged_names(keep, other), "identifiers": identifiers,
        "offices": list(keep.offices) + [o for o in other.offices if o not in keep.offices],
        **{name: _single(name, getattr(keep, name), getattr(other, name), conflicts)
           for name in ("dates", "description", "code", "coordinates")},
    }
    return keep.model_copy(update=update), conflicts


def repoint(data: Any, old: str, new: str, preferred: str) -> Any:
    """The JSON ``data`` with every value equal to ``old`` replaced by ``new``. A name the
    extractors found carries the authority's preferred name beside its id: that follows too."""
    if isinstance(data, list):
        return [repoint(v, old, new, preferred) for v in data]
    if isinstance(data, dict):
        out = {k: repoint(v, old, new, preferred) for k, v in data.items()}
        if data.get("authority") == old and "preferred" in data:
            out["preferred"] = preferred
        return out
    return new if data == old else data


# -- reading inside the transaction ----------------------------------------------------------


def _locked(conn: Connection, record_id: str) -> tuple[Authority, int]:
    """The current record and revision, locked for the rest of the transaction (PostgreSQL)."""
    row = conn.execute(select(records.c.data, records.c.revision).where(records.c.id == record_id)
                       .with_for_update()).first()
    record = codec.decode(row.data) if row is not None else None
    if row is None or not isinstance(record, Authority):
        raise NotFound(f"no authority record {record_id!r}")
    return record, row.revision


def _pointing(target: str, skip: Sequence[str]) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Records whose JSON holds ``target`` as a whole string value (ids are quoted in JSON, so an id
    quoted in a text is escaped and not matched)."""
    return records.c.data.contains(json.dumps(target), autoescape=True), records.c.id.not_in(skip)


def _referrers(conn: Connection, target: str, skip: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
    """Every record pointing to ``target``, whoever may read it (a link left on a restricted document
    would point at a withdrawn record), locked for the transaction."""
    query = select(records.c.id, records.c.data).where(*_pointing(target, skip)).order_by(records.c.id)
    return [(r.id, json.loads(r.data)) for r in conn.execute(query.with_for_update()).all()]


def _check_pair(archive: Archive, keep_id: str, other_id: str, viewer: Viewer) -> tuple[Authority, Authority]:
    """Both records visible to and editable by ``viewer``, both live, of one kind."""
    found = [archive.get(i, viewer) for i in (keep_id, other_id)]
    keep, other = found
    if not isinstance(keep, Authority) or not isinstance(other, Authority):
        raise Invalid("only authority records (persons, organizations, places, repositories) can be merged")
    if keep.id == other.id:
        raise Invalid("a record cannot be merged into itself")
    if keep.kind != other.kind:
        raise Invalid(f"a {other.kind} cannot be merged into a {keep.kind}")
    for record in found:
        workflow.check_edit(viewer, record)
        if isinstance(record, Authority) and record.merged_into:
            raise Invalid(f"{record.id!r} was already merged into {record.merged_into!r}")
    return keep, other


def plan_merge(archive: Archive, keep_id: str, other_id: str, viewer: Viewer) -> MergePlan:
    """What merging ``other_id`` into ``keep_id`` would do, without doing it (the confirmation page)."""
    keep, other = _check_pair(archive, keep_id, other_id, viewer)
    result, conflicts = merged_authority(keep, other)
    shown = referring(archive, other.id, viewer, (keep.id,))
    return MergePlan(result, keep, other, conflicts, shown, len(referring(archive, other.id, SYSTEM, (keep.id,))))


# -- writing ---------------------------------------------------------------------------------


class _Writer:
    """Saves records as one person inside one transaction, each with its audit entry."""

    def __init__(self, archive: Archive, conn: Connection, viewer: Viewer, ip: str) -> None:
        self.archive, self.conn, self.ip = archive, conn, ip
        self.actor = viewer.name or "anonymous"
        self.now = stamp(archive.clock())

    def save(self, record: AnyRecord, action: str, message: str, detail: dict[str, Any] | None = None) -> Saved:
        saved = self.archive._save(self.conn, record, self.actor, message, self.now)
        if saved.changed:
            self.archive.audit.record(self.actor, action, record.id, self.ip,
                                      {"revision": saved.revision, "message": message, **(detail or {})},
                                      conn=self.conn)
        return saved

    def relink(self, items: list[tuple[str, dict[str, Any]]], old: str, new: Authority, why: str) -> list[str]:
        done = []
        for rid, data in items:
            record = record_from_dict(repoint(data, old, new.id, new.preferred))
            if self.save(record, "relink", f"{why}: {old} → {new.id}", {"from": old, "to": new.id}).changed:
                done.append(rid)
        return done


def _expect(record: Authority, now: int, expected: int | None) -> None:
    if expected is not None and expected != now:
        raise Conflict(f"{record.id!r} changed since revision {expected} (now {now}); review the merge again")


def merge(archive: Archive, keep_id: str, other_id: str, viewer: Viewer, ip: str = "",
          expected: tuple[int | None, int | None] = (None, None)) -> MergeResult:
    """Merge ``other_id`` (B) into ``keep_id`` (A). ``expected`` holds the revisions of A and B the
    person reviewed; if either changed meanwhile, nothing is merged (Conflict)."""
    _check_pair(archive, keep_id, other_id, viewer)
    with archive.engine.begin() as conn:
        (keep, keep_rev), (other, other_rev) = _locked(conn, keep_id), _locked(conn, other_id)
        _expect(keep, keep_rev, expected[0])
        _expect(other, other_rev, expected[1])
        if keep.merged_into or other.merged_into:
            raise Conflict("one of the two records was merged meanwhile; review the merge again")
        result, conflicts = merged_authority(keep, other)
        write = _Writer(archive, conn, viewer, ip)
        relinked = write.relink(_referrers(conn, other.id, (keep.id, other.id)), other.id, keep, "merge")
        conflict_detail = [c.__dict__ for c in conflicts]
        final = record_from_dict(repoint(result.model_dump(mode="json"), other.id, keep.id, keep.preferred))
        saved = write.save(final, "merge", f"merged {other.id} ({other.preferred}) into this record",
                           {"merged": other.id, "relinked": len(relinked), "conflicts": conflict_detail})
        gone = other.model_copy(update={"status": Status.WITHDRAWN, "merged_into": keep.id})
        write.save(gone, "merged-into", f"merged into {keep.id} ({keep.preferred})",
                   {"into": keep.id, "conflicts": conflict_detail})
    return MergeResult(keep.id, other.id, saved.revision, relinked, conflicts)


def split_id(conn: Connection, source: Authority, preferred: str) -> str:
    """A deterministic id for the new record: the same split of the same record names the same id;
    a second record split off under the same name gets the next free one."""
    for n in range(1, 1000):
        candidate = make_id(source.kind, "split", source.id, preferred, *([str(n)] if n > 1 else []))
        if conn.execute(select(records.c.id).where(records.c.id == candidate)).first() is None:
            return candidate
    raise Conflict(f"too many records split off {source.id!r} under the name {preferred!r}")


def _split_records(source: Authority, names: Sequence[str], preferred: str, new_id: str,
                   status: Status) -> tuple[Authority, Authority]:
    moving = set(names)
    unknown = moving - {n.value for n in source.names}
    if unknown:
        raise Invalid(f"{source.id!r} has no variant name(s) {', '.join(sorted(unknown))}")
    kept = source.model_copy(update={"names": [n for n in source.names if n.value not in moving]})
    moved = [n for n in source.names if n.value in moving]
    created = Authority(kind=source.kind, id=new_id, preferred=preferred, access=source.access, status=status,
                        names=[n for n in moved if n.value != preferred or n.lang or n.scheme],
                        source=f"split from {source.id}")
    return kept, created


def split(archive: Archive, source_id: str, preferred: str, names: Sequence[str], documents: Sequence[str],
          viewer: Viewer, ip: str = "", expected: int | None = None) -> SplitResult:
    """Move the variant ``names`` and the records ``documents`` (which point to the source) to a new
    authority called ``preferred``. The new record is published when the person may publish, else a draft."""
    source = archive.get(source_id, viewer)
    if not isinstance(source, Authority):
        raise NotFound(f"no authority record {source_id!r}")
    workflow.check_edit(viewer, source)
    if not preferred.strip():
        raise Invalid("the new record needs a preferred name")
    if not names and not documents:
        raise Invalid("choose at least one variant name or linked record to move to the new record")
    status = source.status if viewer.may("publish") else Status.DRAFT
    with archive.engine.begin() as conn:
        current, revision = _locked(conn, source_id)
        _expect(current, revision, expected)
        new_id = split_id(conn, current, preferred.strip())
        kept, created = _split_records(current, names, preferred.strip(), new_id, status)
        moving = _moving(conn, source_id, documents, viewer, archive)
        write = _Writer(archive, conn, viewer, ip)
        write.save(created, "create", f"split from {source_id} ({current.preferred})", {"split_from": source_id})
        relinked = write.relink(moving, source_id, created, "split")
        write.save(kept, "split", f"split off {new_id} ({created.preferred})",
                   {"created": new_id, "names": sorted(names), "relinked": relinked})
    return SplitResult(source_id, new_id, relinked)


def _moving(conn: Connection, source_id: str, documents: Sequence[str], viewer: Viewer,
            archive: Archive) -> list[tuple[str, dict[str, Any]]]:
    """The chosen records, each of which must point to the source and be visible to the person."""
    pointing = dict(_referrers(conn, source_id, (source_id,)))
    wanted = list(dict.fromkeys(documents))
    missing = [d for d in wanted if d not in pointing]
    if missing:
        raise Invalid(f"not linked to {source_id!r}: {', '.join(missing)}")
    visible = {r.id for r in archive.get_many(wanted, viewer)}
    hidden = [d for d in wanted if d not in visible]
    if hidden:
        raise Invalid(f"not linked to {source_id!r}: {', '.join(hidden)}")  # hidden reads as missing
    return [(d, pointing[d]) for d in wanted]


def referring(archive: Archive, target: str, viewer: Viewer,
              skip: Sequence[str] = ()) -> list[tuple[str, str, str]]:
    """(id, kind, title) of the records ``viewer`` may see that point to ``target`` in any field."""
    with archive.engine.connect() as conn:
        query = select(records.c.id).where(*_pointing(target, (target, *skip))).order_by(records.c.id)
        ids = list(conn.execute(query).scalars())
    found = archive.titles(ids, viewer)
    return [(i, *found[i]) for i in ids if i in found]


def merged_target(archive: Archive, record_id: str, viewer: Viewer) -> str | None:
    """Where an old link to a merged-away record should go: the surviving record the viewer may
    see, following later merges; None if the record was not merged (or the survivor is hidden)."""
    current, hops = record_id, 0
    while hops < MAX_CHAIN:
        # Every authority page asks this: only a record whose stored JSON names ``merged_into`` (the key is
        # left out while unset) is fetched and decoded; the rest cost one primary-key lookup.
        with archive.engine.connect() as conn:
            data = conn.execute(select(records.c.data).where(records.c.id == current,
                                                             records.c.data.like('%"merged_into":%'))).scalar()
        record = codec.decode(data) if data is not None else None
        if not isinstance(record, Authority) or not record.merged_into:
            break
        current, hops = record.merged_into, hops + 1
    if hops == 0:
        return None
    try:
        archive.get(current, viewer)
    except NotFound:
        return None
    return current
