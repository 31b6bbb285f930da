"""Finding authority records by any of their names, and the records linked to them.

One rule ranks what a name finds, for the CLI, the API and the reading room's box alike
(``NameTable``): a name form equal to what was typed, then one equal after normalization, then
one the same name in another script or romanization (the whole name's cross-script keys), then
names sharing words with it (Штыков or "shtykov" finds Terentii Shtykov), most words first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, and_, func, or_, select

from opis.model import AUTHORITY_KINDS
from opis.names.keys import exact_keys, sought_keys, stored_keys
from opis.names.normalize import fold, squash
from opis.names.scripts import Script, runs, words
from opis.store.access import Viewer, visible
from opis.store.derived import repository_key
from opis.store.schema import record_links, record_names, records

HOW = ("exact", "normalized", "name", "word")  # best first
MIN_WORD = 3  # letters of a Latin or Cyrillic name word compared on its own ("Kim", not "Il")


@dataclass(frozen=True)
class NameMatch:
    record_id: str
    kind: str
    preferred: str
    matched: str
    lang: str | None
    scheme: str | None
    exact: bool
    how: str = "exact"  # one of HOW
    words: int = 0  # how many of the query's words a "word" match shares


def lookup_names(engine: Engine, viewer: Viewer, today: date, name: str,
                 kinds: tuple[str, ...] = (*AUTHORITY_KINDS, "collection"), parts: bool = True,
                 ) -> list[NameMatch]:
    """Every visible record named ``name``: exactly or after normalization (case, diacritics,
    hyphens, apostrophes, spacing) by SQL; with ``parts``, also in another script or by some of its
    words (``NameTable``). Ranked as ``HOW`` lists, exact first."""
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
            exact = value == name.strip()
            match = NameMatch(rid, kind, title, value, lang, scheme, exact, "exact" if exact else "normalized")
            if rid not in best or (match.exact and not best[rid].exact):
                best[rid] = match
    if parts:
        table = NameTable(name_forms(engine, viewer, today, kinds))
        for found in table.find(name):
            best.setdefault(found.record_id, found)
    return sorted(best.values(), key=rank)


def rank(m: NameMatch) -> tuple[int, int, str, str]:
    return HOW.index(m.how), -m.words, m.preferred, m.record_id


def _word_counts(word: str) -> bool:
    """A name word worth comparing alone: Hangul and Han words of two or more characters
    (청진, 金日成), other words of MIN_WORD letters or more."""
    native = any(script in (Script.HANGUL, Script.HAN) for script, _ in runs(word))
    return len(word) >= (2 if native else MIN_WORD)


@dataclass
class NameTable:
    """Name forms indexed by their cross-script keys: whole names and each of their words."""

    forms: list[NameForm]
    whole: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    words: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for n, form in enumerate(self.forms):
            for key in stored_keys(form.value):
                self.whole[key].add(n)
            for word in words(form.value):
                if _word_counts(word):
                    for key in stored_keys(word, exact_keys(word)):
                        self.words[key].add(n)

    def _hits(self, keys: Iterable[str], index: dict[str, set[int]]) -> set[int]:
        return {n for key in keys for n in index.get(key, ())}

    def find(self, name: str) -> list[NameMatch]:
        """Records whose name is ``name`` in some script (how "name"), else shares words with it
        (how "word", most shared words first; each query word compared by exact scheme spellings
        only, since one word's loose key meets too much)."""
        typed = [w for w in words(name) if _word_counts(w)]
        whole = self._hits(sought_keys(name), self.whole)
        shared: dict[int, int] = defaultdict(int)
        for word in dict.fromkeys(typed):
            for n in self._hits(sought_keys(word, exact_keys(word)), self.words):
                shared[n] += 1
        literal = {fold(w) for w in words(name)}
        best: dict[str, tuple[NameMatch, bool]] = {}
        for n in sorted(whole | set(shared)):
            form = self.forms[n]
            match = NameMatch(form.record_id, form.kind, form.preferred, form.value, form.lang, None,
                              exact=False, how="name" if n in whole else "word", words=shared.get(n, 0))
            # Of equally good forms, show the one in the script the reader typed (Штыков ..., not Shtykov).
            typed_here = bool(literal & set(fold(form.value).split()))
            held = best.get(form.record_id)
            if held is None or rank(match)[:2] < rank(held[0])[:2] or (
                    rank(match)[:2] == rank(held[0])[:2] and typed_here and not held[1]):
                best[form.record_id] = (match, typed_here)
        return sorted((m for m, _ in best.values()), key=rank)


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
