"""Descriptions of archival units above the document: a fond's, an opis's, a delo's own title, dates,
extent and scope note, as a finding aid gives them.

The archival tree is derived from documents' references; a description says what one of its nodes
is. It is keyed by the node's path (repository, then the levels of vocab/levels.yaml), saved as a
new revision only when it changed, and every version is kept, like a record's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from opis.store import codec
from opis.store.access import Viewer
from opis.store.schema import unit_description_revisions, unit_descriptions

UnitPath = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class UnitDescription:
    path: UnitPath  # (("repository", "АВП РФ"), ("fond", "0102"), ...): the last pair is this unit
    title: str = ""
    date_text: str = ""
    edtf: str = ""
    extent: str = ""
    scope: str = ""
    published: bool = True  # False: staff only (an EAD component with audience="internal"), as a draft record

    @property
    def level(self) -> str:
        return self.path[-1][0]

    def content(self) -> str:
        fields = asdict(self)
        del fields["path"]
        return codec.dumps(fields)


def path_key(path: UnitPath) -> str:
    return codec.dumps([list(pair) for pair in path])


def _of(key: str, data: str) -> UnitDescription:
    fields = json.loads(data)
    return UnitDescription(path=tuple((str(k), str(v)) for k, v in json.loads(key)), **fields)


def save(conn: Connection, items: Sequence[UnitDescription], actor: str, message: str, now: str) -> int:
    """Save each description as its newest revision (an unchanged one writes nothing); how many changed."""
    if len({path_key(u.path) for u in items}) != len(items):
        raise ValueError("the same archival unit is described twice")
    changed = 0
    for unit in items:
        key, data = path_key(unit.path), unit.content()
        row = conn.execute(select(unit_descriptions.c.revision, unit_descriptions.c.data)
                           .where(unit_descriptions.c.path == key)).first()
        if row is not None and row.data == data:
            continue
        number = 1 if row is None else row.revision + 1
        values = {"level": unit.level, "revision": number, "updated_at": now, "actor": actor, "data": data}
        if row is None:
            conn.execute(insert(unit_descriptions).values(path=key, **values))
        else:
            conn.execute(update(unit_descriptions).where(unit_descriptions.c.path == key).values(**values))
        conn.execute(insert(unit_description_revisions).values(
            path=key, number=number, at=now, actor=actor, message=message or "described", data=data))
        changed += 1
    return changed


def described(engine: Engine, viewer: Viewer, paths: Iterable[UnitPath] | None = None,
              ) -> dict[UnitPath, UnitDescription]:
    """The stored descriptions (of ``paths``, or all of them) ``viewer`` may read, by path: an unpublished
    one only for those who may read unpublished records (the rule ``access.visible`` applies to records)."""
    everything = viewer.may("read_unpublished")
    query = select(unit_descriptions.c.path, unit_descriptions.c.data)
    keys = [path_key(p) for p in paths] if paths is not None else None
    found: dict[UnitPath, UnitDescription] = {}
    with engine.connect() as conn:
        for start in range(0, len(keys) if keys is not None else 1, 500):
            q = query if keys is None else query.where(unit_descriptions.c.path.in_(keys[start:start + 500]))
            for row in conn.execute(q):
                unit = _of(row.path, row.data)
                if unit.published or everything:
                    found[unit.path] = unit
    return found


def revisions(engine: Engine, path: UnitPath) -> list[tuple[int, str, str]]:
    """Every version of one description: (number, actor, data), oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(unit_description_revisions.c.number, unit_description_revisions.c.actor,
                                   unit_description_revisions.c.data)
                            .where(unit_description_revisions.c.path == path_key(path))
                            .order_by(unit_description_revisions.c.number))
        return [(r.number, r.actor, r.data) for r in rows]
