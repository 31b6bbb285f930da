"""The archival hierarchy as a browsable tree: repository → fond → opis → (papka) → delo.

The levels and which of them may be skipped (the papka) are vocab/levels.yaml's units; a repository
whose level scheme (vocab/repositories.yaml) has no papka never offers one. Built from the
``archival_refs`` rows of visible records only: a restricted document adds nothing to any count an
anonymous reader sees. Children are paged, never loaded whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, distinct, exists, func, select

from opis import vocab
from opis.store.access import Viewer, visible
from opis.store.schema import archival_refs, archival_units, records
from opis.vocab.levels import Level

Path = list[tuple[str, str]]


def tree_levels() -> tuple[str, ...]:
    """The levels of the tree, top-down: the repository, then every unit level of vocab/levels.yaml."""
    return ("repository", *(level.key for level in vocab.archival_levels().units))


class TreePathError(ValueError):
    code = "not_found"  # a path into the tree that names no unit, answered like a missing record


@dataclass(frozen=True)
class Node:
    level: str
    value: str
    documents: int  # visible documents held here (a witness of theirs is in this unit)
    citations: int  # footnote citations in visible documents pointing into this unit
    citing: int = 0  # visible documents those citations are in (set by ``summary`` only)
    earliest: date | None = None  # the span of the held documents' dates: what a finding aid calls the unit's dates
    latest: date | None = None


@dataclass(frozen=True)
class RefHit:
    record_id: str
    title: str
    origin: str
    folios: str | None
    footnote: str | None
    raw: str
    units: tuple[tuple[str, str], ...] = ()  # the reference's levels below the repository, top-down


def _units() -> tuple[Level, ...]:
    return vocab.archival_levels().units


def check_path(path: Path) -> None:
    """A path is the repository and then units top-down, skipping none but the optional ones."""
    levels = [lvl for lvl, _ in path]
    allowed = tree_levels()
    expected = [lvl for lvl in allowed if lvl in levels]
    required = ["repository", *(u.key for u in _units() if not u.optional)]
    deepest = allowed.index(levels[-1]) if levels and levels[-1] in allowed else 0
    if levels != expected or any(lvl not in levels for lvl in required if allowed.index(lvl) < deepest):
        raise TreePathError(f"not a path in the archival tree: {path}")


def _skipped(path: Path, below: str | None = None) -> list[str]:
    """The optional levels a path passes over (above its last level, or above ``below``): they must be empty."""
    given = {lvl for lvl, _ in path}
    keys = [u.key for u in _units()]
    last = keys.index(below) if below else max((keys.index(lvl) for lvl in given if lvl in keys), default=-1)
    return [u.key for u in _units()[:max(last, 0)] if u.optional and u.key not in given]


def _names(level: str, value: str | None = None) -> ColumnElement[bool]:
    """The reference names ``level`` (as ``value``, if given): a row of archival_units, whatever the level."""
    if level == "repository":
        return archival_refs.c.repository == value if value is not None else archival_refs.c.repository.is_not(None)
    unit = archival_units.alias()
    conds = [unit.c.record_id == archival_refs.c.record_id, unit.c.position == archival_refs.c.position,
             unit.c.level == level]
    return exists().where(*conds, *([unit.c.value == value] if value is not None else []))


def _filters(path: Path) -> list[ColumnElement[bool]]:
    conds = [_names(lvl, value) for lvl, value in path]
    return conds + [~_names(lvl) for lvl in _skipped(path)]


def _next_levels(path: Path) -> list[str]:
    """The levels whose units list under ``path``: the next one, and past it while the levels are optional
    (papki and dela side by side under an opis), within the repository's level scheme."""
    given = {lvl for lvl, _ in path}
    if "repository" not in given:
        return ["repository"]
    repository = dict(path)["repository"]
    scheme = {level.key for level in vocab.scheme_of(repository)}
    keys = [u.key for u in _units()]
    last = max((keys.index(lvl) for lvl in given if lvl in keys), default=-1)
    out: list[str] = []
    for unit in _units()[last + 1:]:
        if unit.optional and unit.key not in scheme:
            continue
        out.append(unit.key)
        if not unit.optional:
            break
    return out


def _joined(viewer: Viewer, today: date) -> Any:
    return archival_refs.join(records, and_(records.c.id == archival_refs.c.record_id, visible(viewer, today)))


def _level_query(viewer: Viewer, today: date, path: Path, level: str, alone: bool) -> Select[Any]:
    """Units at ``level`` below ``path`` with their counts, in natural order (shorter numbers first)."""
    extra = [] if alone else [~_names(lvl) for lvl in _skipped(path, below=level) if lvl not in dict(path)]
    source = _joined(viewer, today)
    if level == "repository":
        col = archival_refs.c.repository
        conds = [col.is_not(None)]
    else:
        unit = archival_units.alias()
        col = unit.c.value
        source = source.join(unit, and_(unit.c.record_id == archival_refs.c.record_id,
                                        unit.c.position == archival_refs.c.position, unit.c.level == level))
        conds = []
    held = archival_refs.c.origin == "holding"
    return (select(col, func.count(distinct(records.c.id)).filter(held),
                   func.count().filter(archival_refs.c.origin == "citation"),
                   func.min(records.c.earliest).filter(held), func.max(records.c.latest).filter(held))
            .select_from(source).where(*_filters(path), *extra, *conds)
            .group_by(col).order_by(func.length(col), col))


def children(engine: Engine, viewer: Viewer, today: date, path: Path, offset: int = 0,
             limit: int = 100) -> tuple[list[Node], int]:
    """The units one level below ``path`` with counts, papki before dela, one page of them (the
    database sorts and pages: a large fond is never loaded whole); and how many there are."""
    check_path(path)
    levels = _next_levels(path)
    nodes: list[Node] = []
    total = 0
    with engine.connect() as conn:
        for level in levels:
            query = _level_query(viewer, today, path, level, alone=len(levels) == 1)
            count = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
            skip = max(0, offset - total)
            room = limit - len(nodes)
            if room > 0 and skip < count:
                rows = conn.execute(query.offset(skip).limit(room)).all()
                nodes += [Node(level, v, d, c, 0, _day(lo), _day(hi)) for v, d, c, lo, hi in rows]
            total += count
    return nodes, total


def refs_at(engine: Engine, viewer: Viewer, today: date, path: Path, offset: int = 0,
            limit: int = 100) -> tuple[list[RefHit], int]:
    """Documents held in, and citations pointing into, the unit at ``path`` (and below it)."""
    check_path(path)
    base = select(archival_refs.c.record_id, records.c.title, archival_refs.c.origin, archival_refs.c.folios,
                  archival_refs.c.footnote, archival_refs.c.raw, archival_refs.c.position
                  ).select_from(_joined(viewer, today))
    query = base.where(*_filters(path)).order_by(archival_refs.c.origin.desc(), records.c.earliest,
                                                 archival_refs.c.record_id, archival_refs.c.position)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(query.offset(offset).limit(limit)).all()
        units = _units_of(conn, {(row.record_id, row.position) for row in rows})
    return [RefHit(*row[:6], units=units.get((row.record_id, row.position), ())) for row in rows], total


def _units_of(conn: Any, keys: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[tuple[str, str], ...]]:
    """Each reference's units top-down, so a page can say where a citation points as resolved, never as
    the footnote's words (an "Ibid. L. 126." means nothing out of its note)."""
    if not keys:
        return {}
    order = {level: n for n, level in enumerate(tree_levels())}
    ids = {record_id for record_id, _ in keys}
    rows = conn.execute(select(archival_units.c.record_id, archival_units.c.position, archival_units.c.level,
                               archival_units.c.value).where(archival_units.c.record_id.in_(ids))).all()
    found: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for record_id, position, level, value in rows:
        if (record_id, position) in keys and level in order:
            found.setdefault((record_id, position), []).append((level, value))
    return {k: tuple(sorted(v, key=lambda lv: order[lv[0]])) for k, v in found.items()}


def summary(engine: Engine, viewer: Viewer, today: date, path: Path) -> Node:
    """Counts for the unit at ``path`` itself."""
    check_path(path)
    held = archival_refs.c.origin == "holding"
    query = select(func.count(distinct(records.c.id)).filter(held),
                   func.count().filter(archival_refs.c.origin == "citation"),
                   func.count(distinct(archival_refs.c.record_id)).filter(archival_refs.c.origin == "citation"),
                   func.min(records.c.earliest).filter(held), func.max(records.c.latest).filter(held),
                   ).select_from(_joined(viewer, today)).where(*_filters(path))
    with engine.connect() as conn:
        count, cited, citing, earliest, latest = conn.execute(query).one()
    level, value = path[-1] if path else ("root", "")
    return Node(level, value, count, cited, citing, _day(earliest), _day(latest))


def _day(value: Any) -> date | None:
    """SQLite hands an aggregate over a Date column back as text; PostgreSQL as a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
