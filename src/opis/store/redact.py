"""Links to records a reader may not see: taken out of what the reader reads, kept when they save.

A document names other records by id: the authorities of its agents, places, credits and of the
names the extractors found, its collections, the targets of its relations; a merged authority names
the record it went into. No answer may hold the id of a record its reader may not see
(docs/security.md), so the store hands a reader each record with such links taken out: a name keeps
its text and loses its link (and the linked record's preferred name), a collection or relation is
left out. A link to a record that does not exist is taken out the same way, since "not there" and
"hidden" must look alike. Readers who see every record get records as stored.

Someone who saves a record they read this way never saw those links, so ``kept`` puts them back:
nobody removes a link they could not see.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

from opis.model import AgentRef, AnyRecord, Authority, Credit, Document, PlaceRef, Rendition
from opis.model.findings import Findings, NameMention

T = TypeVar("T")


def targets(record: AnyRecord) -> set[str]:
    """Every record id ``record`` links to."""
    if isinstance(record, Authority):
        return {record.merged_into} if record.merged_into else set()
    if not isinstance(record, Document):
        return set()
    found = {a.authority for a in record.agents} | {p.authority for p in record.places}
    found |= {c.authority for r in record.renditions for c in r.credits}
    found |= {n.authority for n in record.findings.names if n.authority}
    found |= set(record.collections) | {r.target for r in record.relations}
    return {t for t in found if t}


Ref = TypeVar("Ref", AgentRef, PlaceRef, Credit)


def _unlinked(ref: Ref, shown: Collection[str]) -> Ref:
    return ref if ref.authority is None or ref.authority in shown else ref.model_copy(update={"authority": None})


def _name_finding(n: NameMention, shown: Collection[str]) -> NameMention:
    if not n.authority or n.authority in shown:
        return n
    update: dict[str, Any] = {"authority": None}
    if "preferred" in n.model_fields_set:  # findings keep only the fields their extractor gave
        update["preferred"] = None
    return n.model_copy(update=update)


def _with_names(findings: Findings, names: list[NameMention]) -> Findings:
    """``findings`` with other names; a key the extractors never gave stays absent from the JSON."""
    if "names" not in findings.model_fields_set:
        return findings
    return findings.model_copy(update={"names": names})


def _rendition(r: Rendition, shown: Collection[str]) -> Rendition:
    credits = [_unlinked(c, shown) for c in r.credits]
    return r if credits == r.credits else r.model_copy(update={"credits": credits})


def redacted(record: AnyRecord, shown: Collection[str]) -> AnyRecord:
    """``record`` with every link to an id outside ``shown`` taken out."""
    if isinstance(record, Authority):
        if record.merged_into and record.merged_into not in shown:
            return record.model_copy(update={"merged_into": None})
        return record
    if not isinstance(record, Document) or targets(record) <= set(shown):
        return record
    findings = _with_names(record.findings, [_name_finding(n, shown) for n in record.findings.names])
    return record.model_copy(update={
        "agents": [_unlinked(a, shown) for a in record.agents],
        "places": [_unlinked(p, shown) for p in record.places],
        "renditions": [_rendition(r, shown) for r in record.renditions],
        "collections": [c for c in record.collections if c in shown],
        "relations": [r for r in record.relations if r.target in shown],
        "findings": findings,
    })


def _restore(new: Sequence[T], old: Sequence[T], hide: Callable[[T], T]) -> list[T]:
    """``new`` with each item that is a hidden-link item of ``old`` once redacted put back as it was:
    the item at the same place if it matches (an edit elsewhere moves nothing), else the first unused
    match (the items were reordered)."""
    unused = [i for i, o in enumerate(old) if hide(o) != o]
    out = []
    for n, item in enumerate(new):
        same_place = n < len(old) and hide(old[n]) == item
        match = n if same_place else next((i for i in unused if hide(old[i]) == item), None)
        if match is not None and match in unused:
            unused.remove(match)
            out.append(old[match])
        else:
            out.append(item)
    return out


def _reinsert(new: Sequence[T], old: Sequence[T], hidden: Callable[[T], bool]) -> list[T]:
    """``new`` with ``old``'s hidden items back at their old places (or at the end, if ``new`` is shorter)."""
    out = list(new)
    for i, o in enumerate(old):
        if hidden(o) and o not in out:
            out.insert(min(i, len(out)), o)
    return out


def kept(new: AnyRecord, old: AnyRecord, shown: Collection[str]) -> AnyRecord:
    """``new`` (saved by someone who read ``old`` redacted to ``shown``) with ``old``'s hidden links back."""
    if isinstance(new, Authority) and isinstance(old, Authority):
        if new.merged_into is None and old.merged_into and old.merged_into not in shown:
            return new.model_copy(update={"merged_into": old.merged_into})
        return new
    if not isinstance(new, Document) or not isinstance(old, Document) or targets(old) <= set(shown):
        return new

    def unlinked(ref: Ref) -> Ref:
        return _unlinked(ref, shown)

    old_renditions = {r.id: r for r in old.renditions}
    renditions = [r.model_copy(update={"credits": _restore(r.credits, old_renditions[r.id].credits, unlinked)})
                  if r.id in old_renditions else r for r in new.renditions]
    findings = _with_names(new.findings, _restore(new.findings.names, old.findings.names,
                                                  lambda n: _name_finding(n, shown)))
    return new.model_copy(update={
        "agents": _restore(new.agents, old.agents, unlinked),
        "places": _restore(new.places, old.places, unlinked),
        "renditions": renditions,
        "collections": _reinsert(new.collections, old.collections, lambda c: c not in shown),
        "relations": _reinsert(new.relations, old.relations, lambda r: r.target not in shown),
        "findings": findings,
    })
