"""The sample collection "Soviet aid to North Korea, 1945–1950", kept as data in ``collection.yaml``.

``load_sample()`` reads the YAML, gives every record a deterministic id
(``make_id(kind, "sample", key)``), resolves the keys records use to point at one another, and
validates each record with the domain model. Anything wrong fails loudly with the record and the
offending key named: an unknown or duplicate key, a reference to a record of the wrong kind, an
archival reference to a repository the sample has no record for, or a value the model refuses
(a genre outside the vocabulary, a bad EDTF date, a malformed language tag).

Output order is fixed: collections, repositories, the other authorities (persons, organizations,
places), documents; within each group the order of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

from pydantic import ValidationError

from opis import vocab
from opis.model import AUTHORITY_KINDS, AnyRecord, Authority, Collection, Document, make_id
from opis.model.notes import with_notes

NAMESPACE = "sample"
SOURCE = "sample"
RESOURCE = "collection.yaml"

# YAML section -> record kind, in output order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("collections", "collection"),
    ("repositories", "repository"),
    ("persons", "person"),
    ("organizations", "organization"),
    ("places", "place"),
    ("documents", "document"),
)

AGENT_KINDS = frozenset({"person", "organization"})



class SampleError(ValueError):
    """The sample data is inconsistent or invalid; the message names the record and the key."""


def sample_id(kind: str, key: str) -> str:
    """The id a sample record of ``kind`` with ``key`` gets (stable across loads and machines)."""
    return make_id(kind, NAMESPACE, key)


def sample_text() -> str:
    """The YAML source of the sample collection, as shipped in the package."""
    return resources.files(__package__).joinpath(RESOURCE).read_text(encoding="utf-8")


def load_sample() -> list[AnyRecord]:
    """Every record of the sample collection, validated, with references resolved to ids."""
    data = vocab.read(__package__ or "opis.sample", RESOURCE)
    if not isinstance(data, Mapping):
        raise SampleError(f"{RESOURCE} must be a mapping of sections, not {type(data).__name__}")
    return build_records(data)


def build_records(data: Mapping[str, Any]) -> list[AnyRecord]:
    """Turn parsed sample data (the YAML's structure) into validated records."""
    unknown = set(data) - {section for section, _ in SECTIONS}
    if unknown:
        raise SampleError(f"unknown section(s) {', '.join(sorted(map(str, unknown)))}; "
                          f"expected: {', '.join(s for s, _ in SECTIONS)}")
    index = _Index(data)
    records: list[AnyRecord] = []
    for section, kind in SECTIONS:
        for item in index.items[section]:
            key = str(item["key"])
            try:
                records.append(_build(kind, key, item, index))
            except ValidationError as exc:
                raise SampleError(f"sample {kind} {key!r} is invalid: {exc}") from exc
    return records


class _Index:
    """Every key in the file with its kind, checked for uniqueness, plus what references need."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.kinds: dict[str, str] = {}
        self.preferred: dict[str, str] = {}
        self.repository_codes: set[str] = set()
        for section, kind in SECTIONS:
            raw = data.get(section) or []
            if not isinstance(raw, list):
                raise SampleError(f"section {section!r} must be a list")
            items: list[dict[str, Any]] = []
            for n, item in enumerate(raw):
                if not isinstance(item, dict) or not item.get("key"):
                    raise SampleError(f"entry {n} of section {section!r} needs a 'key'")
                key = str(item["key"])
                if key in self.kinds:
                    raise SampleError(f"duplicate key {key!r} (in {section!r}, already used by a {self.kinds[key]})")
                self.kinds[key] = kind
                if kind in AUTHORITY_KINDS:
                    self.preferred[key] = str(item.get("preferred", key))
                if kind == "repository" and item.get("code"):
                    self.repository_codes.add(str(item["code"]))
                items.append(item)
            self.items[section] = items

    def ref(self, key: object, kinds: frozenset[str] | set[str], where: str) -> str:
        """The id for ``key``, which must name a record of one of ``kinds``."""
        name = str(key)
        kind = self.kinds.get(name)
        if kind is None:
            raise SampleError(f"{where}: unknown key {name!r}")
        if kind not in kinds:
            raise SampleError(f"{where}: key {name!r} is a {kind}, expected {' or '.join(sorted(kinds))}")
        return sample_id(kind, name)


def _build(kind: str, key: str, item: dict[str, Any], index: _Index) -> AnyRecord:
    fields = {k: v for k, v in item.items() if k != "key"}
    fields.setdefault("source", SOURCE)
    where = f"{kind} {key!r}"
    if kind == "collection":
        return Collection.model_validate({**fields, "kind": kind, "id": sample_id(kind, key)})
    if kind == "document":
        return Document.model_validate(_document_fields(key, fields, index, where))
    fields["offices"] = [_office(o, index, f"{where}, office {n}")
                         for n, o in enumerate(fields.get("offices") or [])]
    return Authority.model_validate({**fields, "kind": kind, "id": sample_id(kind, key)})


def _office(office: Any, index: _Index, where: str) -> dict[str, Any]:
    out = dict(_mapping(office, where))
    if "org" in out:
        if out.get("organization"):
            raise SampleError(f"{where}: give either 'org' (a key) or 'organization' (text), not both")
        out["organization"] = index.ref(out.pop("org"), {"organization"}, where)
    return out


def _document_fields(key: str, fields: dict[str, Any], index: _Index, where: str) -> dict[str, Any]:
    out = dict(fields)
    out["kind"] = "document"
    out["id"] = sample_id("document", key)
    out["agents"] = [_agent(a, index, f"{where}, agent {n}") for n, a in enumerate(fields.get("agents") or [])]
    out["places"] = [_place(p, index, f"{where}, place {n}") for n, p in enumerate(fields.get("places") or [])]
    out["collections"] = [index.ref(c, {"collection"}, f"{where}, collections")
                          for c in fields.get("collections") or []]
    out["relations"] = [_relation(r, index, f"{where}, relation {n}")
                        for n, r in enumerate(fields.get("relations") or [])]
    refs = fields.get("archival_refs") or []
    for n, ref in enumerate(refs):
        code = _mapping(ref, f"{where}, archival_ref {n}").get("repository")
        if code is not None and str(code) not in index.repository_codes:
            raise SampleError(f"{where}, archival_ref {n}: no repository record with code {code!r}")
    out["renditions"] = [_rendition(key, n, r, index, f"{where}, rendition {n}")
                         for n, r in enumerate(fields.get("renditions") or [])]
    notes = [note for r in out["renditions"] for note in r.pop("_footnotes", [])]
    if notes:  # a FRUS document's editorial notes: its footnotes, exactly where the text has them
        out["findings"] = {"footnotes": [f.model_dump(mode="json") for f in notes]}
    return out


def _agent(agent: Any, index: _Index, where: str) -> dict[str, Any]:
    out = dict(_mapping(agent, where))
    ref = out.pop("ref", None)
    if ref is None:
        if not out.get("name"):
            raise SampleError(f"{where}: an agent needs a 'ref' (a key) or at least a 'name'")
        return out
    out["authority"] = index.ref(ref, AGENT_KINDS, where)
    out.setdefault("name", index.preferred[str(ref)])
    return out


def _place(place: Any, index: _Index, where: str) -> dict[str, Any]:
    if isinstance(place, str):
        return {"name": index.preferred.get(place, place), "authority": index.ref(place, {"place"}, where)}
    out = dict(_mapping(place, where))
    ref = out.pop("ref", None)
    if ref is None:
        return out
    out["authority"] = index.ref(ref, {"place"}, where)
    out.setdefault("name", index.preferred[str(ref)])
    return out


def _relation(relation: Any, index: _Index, where: str) -> dict[str, Any]:
    out = dict(_mapping(relation, where))
    if "target" not in out:
        raise SampleError(f"{where}: a relation needs a 'target' key")
    out["target"] = index.ref(out["target"], {"document"}, where)
    return out


def _rendition(doc_key: str, n: int, rendition: Any, index: _Index, where: str) -> dict[str, Any]:
    out = dict(_mapping(rendition, where))
    out.setdefault("id", make_id("rendition", NAMESPACE, doc_key, str(n)))
    credits = []
    for m, credit in enumerate(out.get("credits") or []):
        c = dict(_mapping(credit, f"{where}, credit {m}"))
        if c.get("authority"):
            c["authority"] = index.ref(c["authority"], AGENT_KINDS, f"{where}, credit {m}")
        credits.append(c)
    out["credits"] = credits
    if "notes" in out or "source_note" in out:
        pairs = [(str(_mapping(n, f"{where}, note")["n"]), str(n["text"])) for n in out.pop("notes", None) or []]
        out["text"], out["_footnotes"] = with_notes(str(out.get("text", "")).rstrip("\n"), pairs,
                                                    str(out.pop("source_note", "") or ""))
    return out


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SampleError(f"{where}: expected a mapping, got {value!r}")
    return value


__all__ = ["SampleError", "AnyRecord", "build_records", "load_sample", "sample_id", "sample_text"]
