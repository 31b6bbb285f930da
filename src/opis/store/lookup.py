"""Finding authority records by any of their names, and the records linked to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, and_, func, or_, select

from opis.model import AUTHORITY_KINDS
from opis.names.normalize import fold, squash
from opis.store.access import Viewer, visible
from opis.store.derived import repository_key
from opis.store.schema import record_links, record_names, records


@dataclass(frozen=True)
class NameMatch:
    record_id: str
    kind: str
    preferred: str
    matched: str
    lang: str | None
    scheme: str | None
    exact: bool


def lookup_names(engine: Engine, viewer: Viewer, today: date, name: str,
                 kinds: tuple[str, ...] = (*AUTHORITY_KINDS, "collection"),
                 ) -> list[NameMatch]:
    """Every visible record with a name equal to ``name`` exactly or after normalization
    (case, diacritics, hyphens, apostrophes, spacing). Exact matches first."""
    folded, squashed = fold(name), squash(name)
    if not squashed:
        return []
    query = (
        select(records.c.id, records.c.kind, records.c.title, record_names.c.value, record_names.c.lang,
               record_names.c.scheme)
        .select_from(record_names.join(records, and_(records.c.id == record_names.c.record_id,
                                                     visible(viewer, today))))
        .where(records.c.kind.in_(kinds),
               or_(record_names.c.folded == folded, record_names.c.squashed == squashed))
        .order_by(records.c.title, records.c.id, record_names.c.position)
    )
    best: dict[str, NameMatch] = {}
    with engine.connect() as conn:
        for rid, kind, title, value, lang, scheme in conn.execute(query).all():
            match = NameMatch(rid, kind, title, value, lang, scheme, exact=value == name.strip())
            if rid not in best or (match.exact and not best[rid].exact):
                best[rid] = match
    return sorted(best.values(), key=lambda m: (not m.exact, m.preferred, m.record_id))


def linked_records(engine: Engine, viewer: Viewer, today: date, target_id: str,
                   limit: int = 200) -> list[tuple[str, str, str]]:
    """(record id, title, role) of visible records that link to ``target_id``, oldest first."""
    query = (
        select(records.c.id, records.c.title, record_links.c.role)
        .select_from(record_links.join(records, and_(records.c.id == record_links.c.record_id,
                                                     visible(viewer, today))))
        .where(record_links.c.target_id == target_id)
        .order_by(records.c.earliest.is_(None), records.c.earliest, records.c.id, record_links.c.role)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [(r.id, r.title, r.role) for r in conn.execute(query).all()]


def repository_record_id(engine: Engine, viewer: Viewer, today: date, code: str) -> str | None:
    """The id of the visible repository authority whose canonical code is ``code``."""
    query = (
        select(records.c.id)
        .select_from(record_links.join(records, and_(records.c.id == record_links.c.record_id,
                                                     visible(viewer, today))))
        .where(record_links.c.target_id == repository_key(code), record_links.c.role == "code")
        .order_by(records.c.id).limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar()


@dataclass(frozen=True)
class NameForm:
    """One name of a visible record, with the record's id, kind and preferred title."""

    record_id: str
    kind: str
    preferred: str
    value: str
    lang: str | None


def names_stamp(engine: Engine, kinds: tuple[str, ...]) -> tuple[int, str | None]:
    """How many records of ``kinds`` there are and when the last changed: a cache of their names is
    stale when this changes (one indexed query, cheap enough for every request)."""
    query = select(func.count(), func.max(records.c.updated_at)).where(records.c.kind.in_(kinds))
    with engine.connect() as conn:
        count, last = conn.execute(query).one()
    return int(count), last


def name_forms(engine: Engine, viewer: Viewer, today: date, kinds: tuple[str, ...]) -> list[NameForm]:
    """Every name form of every record of ``kinds`` that ``viewer`` may see, by record and position."""
    query = (select(records.c.id, records.c.kind, records.c.title, record_names.c.value, record_names.c.lang)
             .select_from(record_names.join(records, and_(records.c.id == record_names.c.record_id,
                                                          visible(viewer, today))))
             .where(records.c.kind.in_(kinds)).order_by(records.c.id, record_names.c.position))
    with engine.connect() as conn:
        return [NameForm(r.id, r.kind, r.title, r.value, r.lang) for r in conn.execute(query).all()]
