"""One archive document -> the fields of its index document.

Linked records come in a ``Linked`` bundle the indexer fetches. Only linked authorities and
collections that anyone may read (published, public) lend their names: a variant name of a
restricted person must not make a public document findable, nor show in a facet.

The bundle also holds each document's statements as the store keeps them (store/statements.py), with
the editor's verdicts: rejected ones left out, corrected ones as corrected. They give the ``actor``,
``object`` and ``outcome`` facets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import tantivy

from opis import vocab
from opis.index import analysis, crosskeys, pairs
from opis.index import fields as F
from opis.model import AccessLevel, Authority, Collection, Document, Status, archival_format
from opis.model.findings import NameRef, Statement
from opis.model.objects import object_kinds
from opis.store.derived import NAMED_ROLE

AUTHOR_ROLES = frozenset({"author", "sender", "signatory"})
RECIPIENT_ROLES = frozenset({"recipient"})
UNDATED = "undated"
NO_DATE_KEY = "9999999" * 2  # sorts after every real date
MAX_YEARS = 10  # a date spanning more years than this gets decade values only
MAX_DECADES = 10
# Words of one document given cross-script keys (the costly part of indexing, some 0.5 ms a word
# for Chinese): a book-length text is keyed over its first words, its text fields hold it all.
MAX_KEYED_WORDS = 100_000


@dataclass(frozen=True)
class Linked:
    """The public records a batch of documents links to, by id."""

    authorities: Mapping[str, Authority] = field(default_factory=dict)
    collections: Mapping[str, Collection] = field(default_factory=dict)
    # document id -> its statements, rejected ones left out (what the facets count)
    statements: Mapping[str, Sequence[Statement]] = field(default_factory=dict)


def is_public(record: Authority | Collection) -> bool:
    return record.status is Status.PUBLISHED and record.access.level is AccessLevel.PUBLIC


def day(value: date) -> int:
    return value.toordinal()


@cache
def _genre_words() -> dict[str, str]:
    return {str(g["id"]): " ".join(str(g.get(k, "")) for k in ("id", "label", "ru")) for g in vocab.load("genres")}


@cache
def _repository_words() -> dict[str, str]:
    return {r.code: " ".join((r.code, *r.abbreviations, *r.former, *r.names.values(), *r.variants_en))
            for r in vocab.repositories()}


# One step of building an index document, as plain picklable data: ("text", field, value),
# ("bytes", field, value), ("int", field, value), ("uint", field, value) or ("tokens", field, text,
# positions, tokens) -- pre-tokenized terms (cross-script keys, word pairs) at word positions.
Op = tuple[Any, ...]


class Prepared:
    """An index document as a list of steps, built without tantivy, so the costly part of indexing
    (analysis and cross-script keys) can run in other processes; ``assemble`` replays the steps in
    order, giving exactly the document ``build`` gives."""

    __slots__ = ("ops",)

    def __init__(self) -> None:
        self.ops: list[Op] = []

    def __reduce__(self) -> tuple[Any, ...]:
        return (_prepared_from, (self.ops,))

    def add_text(self, name: str, value: str) -> None:
        self.ops.append(("text", name, value))

    def add_bytes(self, name: str, value: bytes) -> None:
        self.ops.append(("bytes", name, value))

    def add_integer(self, name: str, value: int) -> None:
        self.ops.append(("int", name, value))

    def add_unsigned(self, name: str, value: int) -> None:
        self.ops.append(("uint", name, value))

    def add_tokens(self, name: str, text: str, keyed: list[tuple[int, str]]) -> None:
        self.ops.append(("tokens", name, text, [p for p, _ in keyed], [k for _, k in keyed]))


def _prepared_from(ops: list[Op]) -> Prepared:
    out = Prepared()
    out.ops = ops
    return out


def assemble(prepared: Prepared) -> tantivy.Document:
    """The tantivy document for prepared steps."""
    out = tantivy.Document()
    token, add_text = tantivy.Token, out.add_text
    for op in prepared.ops:
        kind = op[0]
        if kind == "text":
            add_text(op[1], op[2])
        elif kind == "tokens":
            tokens = [token(key, pos, pos, pos + 1) for pos, key in zip(op[3], op[4], strict=True)]
            out.add_pre_tokenized_text(op[1], tantivy.PreTokenizedString(op[2], tokens))
        elif kind == "bytes":
            out.add_bytes(op[1], op[2])
        elif kind == "int":
            out.add_integer(op[1], op[2])
        else:
            out.add_unsigned(op[1], op[2])
    return out


def build(doc: Document, linked: Linked) -> tantivy.Document:
    """The index document for ``doc``."""
    return assemble(prepare(doc, linked))


def _cut(value: str, field: str) -> str:
    limit = vocab.field_limits()[field]
    return value if len(value) <= limit else value[:limit]


def bounded(doc: Document) -> Document:
    """``doc`` as the index reads it: every text field cut to its length in vocab/limits.yaml, so
    no one field (a 50 MB title, a 500 MB text from ingest) can hold the indexer for long."""
    limits = vocab.field_limits()
    fits = (len(doc.title) <= limits["title"] and len(doc.summary) <= limits["summary"]
            and all(len(r.text) <= limits["text"] for r in doc.renditions)
            and all(len(a.name) <= limits["name"] for a in doc.agents)
            and all(len(p.name) <= limits["name"] for p in doc.places))
    if fits:
        return doc
    return doc.model_copy(update={
        "title": _cut(doc.title, "title"), "summary": _cut(doc.summary, "summary"),
        "renditions": [r.model_copy(update={"text": _cut(r.text, "text")}) for r in doc.renditions],
        "agents": [a.model_copy(update={"name": _cut(a.name, "name")}) for a in doc.agents],
        "places": [p.model_copy(update={"name": _cut(p.name, "name")}) for p in doc.places]})


def prepare(doc: Document, linked: Linked) -> Prepared:
    """The steps that build the index document for ``doc`` (plain data: picklable)."""
    doc = bounded(doc)
    out = Prepared()
    out.add_text(F.ID, doc.id)
    out.add_bytes(F.DOC, display_json(doc, linked).encode("utf-8"))
    _add_text(out, doc, linked)
    _add_keys(out, doc, linked)
    for name, values in facet_values(doc, linked).items():
        for value in values:
            out.add_text(F.FACETS[name], value)
    _add_control(out, doc)
    return out


def _add(out: Prepared, name: str, values: Iterable[str]) -> None:
    for value in values:
        if value:
            out.add_text(name, analysis.clean(value))


def _variants(doc: Document, linked: Linked, roles: frozenset[str] | None = None) -> list[str]:
    refs = [(a.authority, a.role) for a in doc.agents] + [(p.authority, "place") for p in doc.places]
    refs += [(ref, NAMED_ROLE) for ref in named_authorities(doc)]
    names: list[str] = []
    seen: set[str | None] = set()
    for ref, role in refs:
        if roles is None and ref in seen:  # each authority's names once among the variants
            continue
        seen.add(ref)
        found = linked.authorities.get(ref) if ref else None
        if found and (roles is None or role in roles):
            names.extend(_cut(n, "name") for n in found.all_names())
    return names


def _name_groups(doc: Document, linked: Linked) -> list[list[str]]:
    """Each linked authority's names, once per authority, in the order ``_variants`` reads them."""
    refs = [a.authority for a in doc.agents] + [p.authority for p in doc.places] + named_authorities(doc)
    found = (linked.authorities.get(ref) for ref in dict.fromkeys(r for r in refs if r))
    return [[_cut(n, "name") for n in a.all_names()] for a in found if a]


def named_authorities(doc: Document) -> list[str]:
    """The authorities extraction found named in the texts (``findings.names``), in first-seen order:
    their names are the document's variants too, so 金日成 finds a text that writes Kim Il Sung."""
    return list(dict.fromkeys(n.authority for n in doc.findings.names if n.authority))


def _agents(doc: Document, roles: frozenset[str]) -> list[str]:
    return [a.name for a in doc.agents if a.role in roles]


def _add_text(out: Prepared, doc: Document, linked: Linked) -> None:
    texts = {"title": [doc.title], "summary": [doc.summary], "text": [r.text for r in doc.renditions]}
    for name, values in texts.items():
        _add(out, name, values)
        _add(out, pairs.FIELDS[name], [pairs.pairs_text(v) for v in values if v])
    _add(out, "names", [a.name for a in doc.agents] + [p.name for p in doc.places])
    _add(out, F.UNCERTAIN, [" ".join(p.uncertain_words()) for r in doc.renditions for p in r.ocr_pages])
    _add(out, F.VARIANTS, _variants(doc, linked))
    _add(out, "author", _agents(doc, AUTHOR_ROLES) + _variants(doc, linked, AUTHOR_ROLES))
    _add(out, "recipient", _agents(doc, RECIPIENT_ROLES) + _variants(doc, linked, RECIPIENT_ROLES))
    codes = _repositories(doc)
    _add(out, "repository", [_repository_words().get(c, c) for c in codes])
    _add(out, "fond", _fonds(doc))
    _add(out, "genre", [_genre_words().get(doc.genre, doc.genre)])
    _add(out, "language", _languages(doc))
    _add(out, "collection", [c for cid in doc.collections for c in _collection_words(cid, linked)])


def _collection_words(cid: str, linked: Linked) -> list[str]:
    found = linked.collections.get(cid)
    return [cid, _cut(found.title, "name")] if found else [cid]


def _add_keys(out: Prepared, doc: Document, linked: Linked) -> None:
    """Keys at word positions (phrases work across scripts); one value per source text."""
    sources = [doc.title, doc.summary, *(r.text for r in doc.renditions), *(a.name for a in doc.agents),
               *(p.name for p in doc.places), *_variants(doc, linked)]
    budget = MAX_KEYED_WORDS
    for text in sources:
        tokens = analysis.raw_words_with_gaps(text)[:budget] if text and budget else []
        budget -= len(tokens)
        keyed = crosskeys.keys_of(tokens)
        if keyed:
            out.add_tokens(F.KEYS_FIELD, text, keyed)
    out.add_text("title_keys", " ".join(sorted({k for _, k in crosskeys.positioned_keys(doc.title)})))
    for name, roles in (("author_keys", AUTHOR_ROLES), ("recipient_keys", RECIPIENT_ROLES)):
        names = _agents(doc, roles) + _variants(doc, linked, roles)
        keys = {k for n in names for k in crosskeys.name_keys(n)}
        if keys:
            out.add_text(name, " ".join(sorted(keys)))


def _repositories(doc: Document) -> list[str]:
    return list(dict.fromkeys(r.repository for r in doc.archival_refs if r.repository))


def _fonds(doc: Document) -> list[str]:
    """The fond facet: ``RGAE f. 413``, the top unit of each reference (model/archival_format.py's unit label)."""
    top = vocab.archival_levels().units[0].key
    return list(dict.fromkeys(archival_format.unit_label([("repository", r.repository), (top, value)])
                              for r in doc.archival_refs if r.repository and (value := r.level(top))))


def _languages(doc: Document) -> list[str]:
    return list(dict.fromkeys([*doc.languages, *(r.language for r in doc.renditions)]))


def _display_name(name: str, ref: str | None, linked: Linked, kind: str) -> str | None:
    found = linked.authorities.get(ref) if ref else None
    if found is None:
        return name
    return found.preferred if found.kind == kind else None


def facet_values(doc: Document, linked: Linked) -> dict[str, list[str]]:
    """Facet name -> the document's values (each counted once)."""
    persons = [_display_name(a.name, a.authority, linked, "person") for a in doc.agents]
    places = [_display_name(p.name, p.authority, linked, "place") for p in doc.places]
    values: dict[str, list[str]] = {
        "repository": _repositories(doc),
        "fond": _fonds(doc),
        "genre": [doc.genre],
        "language": _languages(doc),
        # Only collections anyone may read: an id of a hidden (or missing) one must not become a facet value.
        "collection": [linked.collections[c].title for c in doc.collections if c in linked.collections],
        "person": [p for p in persons if p],
        "place": [p for p in places if p],
        "classification": [doc.classification.level] if doc.classification and doc.classification.level else [],
        # Subjects as catalogued, trimmed: the browse page and the facet group them by their exact words.
        "subject": [s.strip() for s in doc.subjects if s.strip()],
    }
    values["decade"], values["year"] = _periods(doc)
    values.update(statement_values(linked.statements.get(doc.id, ()), linked))
    # A facet value is one term: a linked record's name or title could be of any length.
    return {k: list(dict.fromkeys(_cut(x, "name") for x in v)) for k, v in values.items()}


def _party(ref: NameRef | None, linked: Linked) -> str | None:
    """A party as a facet value: its authority's id when it is linked to one anyone may read, else its words
    as written (a restricted authority's id must not become a value a reader could follow)."""
    if ref is None:
        return None
    if ref.authority and ref.authority in linked.authorities:
        return ref.authority
    return ref.text.strip() or None


def statement_values(found: Sequence[Statement], linked: Linked) -> dict[str, list[str]]:
    """The ``actor``, ``object`` and ``outcome`` facets of a document with statements ``found``."""
    actors = [p for s in found for p in (_party(s.agent, linked), _party(s.addressee, linked)) if p]
    kinds = [k for s in found for k in object_kinds(s)]
    # a decision that names no outcome grants what it answers (as the decision record reads it)
    outcomes: list[str] = [s.decision or "approved" for s in found if s.kind == "decision"]
    return {"actor": actors, "object": kinds, "outcome": outcomes}


def _periods(doc: Document) -> tuple[list[str], list[str]]:
    lo, hi = (doc.date.earliest, doc.date.latest) if doc.date else (None, None)
    if lo is None and hi is None:
        return [UNDATED], [UNDATED]
    first, last = (lo or hi or date.min).year, (hi or lo or date.max).year
    decades = [f"{d}s" for d in range(first // 10 * 10, last + 1, 10)]
    years = [str(y) for y in range(first, last + 1)]
    return (decades if len(decades) <= MAX_DECADES else []), (years if len(years) <= MAX_YEARS else [])


def _wide(doc: Document) -> bool:
    """A dated document whose year values do not cover the days a date filter gives it: too long
    a span for year values, or an open end (filters widen it to the calendar's end, the year
    facet shows only the known year). Date filters check such documents by their days."""
    open_end = doc.date is not None and (doc.date.earliest is None or doc.date.latest is None)
    return open_end or not _periods(doc)[1]


def date_days(doc: Document) -> tuple[int, int] | None:
    """(earliest, latest) as day numbers, open ends widened to the calendar's ends; None if undated."""
    lo, hi = (doc.date.earliest, doc.date.latest) if doc.date else (None, None)
    if lo is None and hi is None:
        return None
    return day(lo or date.min), day(hi or date.max)


def sort_key(doc_id: str, days: tuple[int, int] | None) -> str:
    """Date order as one string: earliest, latest, then the id, so paging is stable; undated last."""
    head = NO_DATE_KEY if days is None else f"{days[0]:07d}{days[1]:07d}"
    return head + doc_id


def _add_control(out: Prepared, doc: Document) -> None:
    out.add_text(F.STATUS, doc.status.value)
    out.add_text(F.ACCESS, doc.access.level.value)
    if doc.access.until:
        out.add_integer(F.EMBARGO, day(doc.access.until))
    days = date_days(doc)
    if days:
        out.add_integer(F.EARLIEST, days[0])
        out.add_integer(F.LATEST, days[1])
        if _wide(doc):
            out.add_text(F.SPAN, F.WIDE)
    out.add_text(F.SORT_DATE, sort_key(doc.id, days))
    out.add_unsigned(F.ID_KEY, F.id_key(doc.id))


def display_json(doc: Document, linked: Linked | None = None) -> str:
    """What a result shows, stored beside the index document; ``names`` holds the names of each
    linked authority, so a snippet can mark where the text names a record the query found."""
    shown: dict[str, Any] = {
        "id": doc.id, "title": doc.title, "summary": doc.summary, "genre": doc.genre,
        "date": doc.date.model_dump(mode="json") if doc.date else None,
        "renditions": [{"id": r.id, "kind": r.kind, "language": r.language, "text": r.text} for r in doc.renditions],
    }
    groups = _name_groups(doc, linked) if linked else []
    if groups:
        shown["names"] = groups
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
