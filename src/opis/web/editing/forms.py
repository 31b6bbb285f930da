"""The document form: reading what a person submitted, and filling the form from a record.

Field names are flat (``date-edtf``, ``agents-2-role``, ``renditions-0-credits-1-name``) so the
form works without JavaScript. Both directions share one shape, ``values`` (strings, and lists of
row dicts), so a form sent back with errors shows exactly what the person typed, and errors are
keyed by the same names as the fields they belong to.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from opis.model import ArchivalReference, Document, Rendition, Status, make_id
from opis.model.archival_format import canonical
from opis.web.editing.assist import LEVELS, canonical_repository
from opis.web.editing.limits import problems, text_problem

Values = dict[str, Any]
Errors = dict[str, str]

SINGLE = ("title", "summary", "genre", "languages", "date-edtf", "date-text", "classification-marking",
          "classification-level", "access-level", "access-until", "subjects", "collections", "source", "message")
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "agents": ("name", "role", "authority"),
    "places": ("name", "authority"),
    "relations": ("type", "target", "note"),
    "archival_refs": ("raw", *LEVELS, "extra"),
    "renditions": ("id", "kind", "language", "provenance", "text"),
    "originals": ("sha256", "filename", "media_type", "role"),
}
CREDIT_FIELDS = ("name", "role", "authority")
# A row counts as filled in when one of these is; a spare row keeps its select's default and is dropped.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "agents": ("name", "authority"), "places": ("name", "authority"), "relations": ("target", "note"),
    "archival_refs": ("raw", *LEVELS, "extra"), "renditions": ("language", "text"),
    "originals": ("sha256", "filename"), "credits": ("name", "authority"),
}
TEXT_LISTS = ("languages", "subjects", "collections")  # one text box holding a list
MAX_ROWS = 1000  # row indexes have at most three digits


def new_document_id() -> str:
    return make_id("document", "edit", uuid.uuid4().hex)


# -- reading a submitted form ----------------------------------------------------------------

def _indexed(fields: dict[str, str], prefix: str, names: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    allowed = {*names, "remove"}
    pattern = re.compile(rf"{re.escape(prefix)}-(\d{{1,3}})-([a-z0-9_]+)")
    found: dict[int, dict[str, str]] = {}
    for key, value in fields.items():
        match = pattern.fullmatch(key)
        if match and match.group(2) in allowed:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return sorted(found.items())


def _filled(group: str, row: dict[str, Any]) -> bool:
    return not row.get("remove") and any(str(row.get(f, "")).strip() for f in KEY_FIELDS[group])


def _rows(fields: dict[str, str], group: str) -> list[dict[str, Any]]:
    out = []
    for index, raw in _indexed(fields, group, ROW_FIELDS[group]):
        row: dict[str, Any] = {name: raw.get(name, "") for name in ROW_FIELDS[group]}
        if group == "renditions":
            credits = _indexed(fields, f"renditions-{index}-credits", CREDIT_FIELDS)
            row["credits"] = [{n: c.get(n, "") for n in CREDIT_FIELDS} for _, c in credits
                              if _filled("credits", c)]
        if _filled(group, {**raw, **row}):
            out.append(row)
    return out


def read_form(items: Iterable[tuple[str, Any]]) -> Values:
    """``values`` from a submitted form's (name, value) pairs; files and unknown names are ignored."""
    fields = {k: v.replace("\r\n", "\n") for k, v in items if isinstance(v, str)}
    values: Values = {name: fields.get(name, "") for name in SINGLE}
    values.update({group: _rows(fields, group) for group in ROW_FIELDS})
    return values


# -- filling the form from a record ----------------------------------------------------------

def blank_values() -> Values:
    values: Values = {name: "" for name in SINGLE}
    values["access-level"] = "public"
    values.update({group: [] for group in ROW_FIELDS})
    return values


def _text(value: object) -> str:
    return str(value) if value else ""


def _extra_text(extra: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in extra.items())


def _rendition_row(r: Rendition) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "language": r.language, "provenance": r.provenance, "text": r.text,
            "credits": [{"name": c.name, "role": c.role, "authority": _text(c.authority)} for c in r.credits]}


def values_of(doc: Document) -> Values:
    return {
        "title": doc.title, "summary": doc.summary, "genre": doc.genre, "languages": ", ".join(doc.languages),
        "date-edtf": doc.date.edtf if doc.date else "", "date-text": _text(doc.date.text if doc.date else None),
        "classification-marking": doc.classification.marking if doc.classification else "",
        "classification-level": _text(doc.classification.level if doc.classification else None),
        "access-level": doc.access.level.value,
        "access-until": doc.access.until.isoformat() if doc.access.until else "",
        "subjects": "\n".join(doc.subjects), "collections": "\n".join(doc.collections), "source": doc.source,
        "message": "",
        "agents": [{"name": a.name, "role": a.role, "authority": _text(a.authority)} for a in doc.agents],
        "places": [{"name": p.name, "authority": _text(p.authority)} for p in doc.places],
        "relations": [{"type": r.type, "target": r.target, "note": r.note} for r in doc.relations],
        "archival_refs": [{**{level: _text(r.fields().get(level)) for level in LEVELS}, "raw": r.raw,
                           "extra": _extra_text(r.extra)} for r in doc.archival_refs],
        "renditions": [_rendition_row(r) for r in doc.renditions],
        "originals": [{"sha256": o.sha256, "filename": o.filename, "media_type": o.media_type, "role": o.role}
                      for o in doc.originals],
    }


# -- from values to a Document ---------------------------------------------------------------

def _none_if_blank(value: str) -> str | None:
    return value.strip() or None


def _split(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value) if part]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _extra(text: str, name: str, errors: Errors) -> dict[str, str]:
    out: dict[str, str] = {}
    for piece in filter(None, (p.strip() for p in text.split(";"))):
        key, sep, value = piece.partition(":")
        if not sep or not key.strip() or not value.strip():
            errors[name] = f"write other levels as 'name: value; name: value' ({piece!r} has no value)"
            continue
        out[key.strip()] = value.strip()
    return out


def _reference(row: dict[str, str], i: int, errors: Errors) -> dict[str, Any]:
    levels = {level: _none_if_blank(row[level]) for level in LEVELS}
    if levels["repository"]:
        levels["repository"] = canonical_repository(levels["repository"])
    raw = row["raw"].strip() or (canonical(levels) if any(levels.values()) else "")
    extra = _extra(row["extra"], f"archival_refs-{i}-extra", errors)
    return ArchivalReference.of(raw, levels, extra).model_dump(mode="json")


def _date(values: Values, errors: Errors) -> dict[str, Any] | None:
    edtf, text = values["date-edtf"].strip(), values["date-text"].strip()
    if not edtf and text:
        errors["date-edtf"] = "give the date as EDTF too (e.g. 1950-05, 1950-05~); the wording alone cannot be searched"
    return {"edtf": edtf, "text": text or None} if edtf else None


def _classification(values: Values, errors: Errors) -> dict[str, Any] | None:
    marking, level = values["classification-marking"].strip(), values["classification-level"].strip()
    if level and not marking:
        errors["classification-marking"] = "write the marking as it appears on the document"
    return {"marking": marking, "level": level or None} if marking else None


def _renditions(values: Values, doc_id: str, base: Document | None) -> list[dict[str, Any]]:
    # OCR page data and the source file are not in the form; they stay with the rendition they belong to.
    kept = {r.id: r for r in base.renditions} if base else {}
    out = []
    for row in values["renditions"]:
        rid = row["id"].strip() or make_id("rendition", doc_id, uuid.uuid4().hex)
        old = kept.get(rid)
        out.append({"id": rid, "kind": row["kind"], "language": row["language"].strip(), "text": row["text"],
                    "provenance": row["provenance"].strip(),
                    "credits": [{"name": c["name"].strip(), "role": c["role"],
                                 "authority": _none_if_blank(c["authority"])} for c in row["credits"]],
                    "source_original": old.source_original if old else None,
                    "ocr_pages": [p.model_dump() for p in old.ocr_pages] if old else []})
    return out


def document_data(values: Values, doc_id: str, status: Status, base: Document | None) -> tuple[dict[str, Any], Errors]:
    """The record the form describes, as a dict for the model, plus the errors found on the way."""
    errors: Errors = {}
    data = {
        "id": doc_id, "status": status.value, "title": values["title"].strip(), "summary": values["summary"].strip(),
        "genre": values["genre"], "languages": _split(values["languages"]), "date": _date(values, errors),
        "classification": _classification(values, errors),
        "access": {"level": values["access-level"] or "public", "until": _none_if_blank(values["access-until"])},
        "subjects": _lines(values["subjects"]), "collections": _split(values["collections"]),
        "source": values["source"].strip(),
        "agents": [{"name": r["name"].strip(), "role": r["role"], "authority": _none_if_blank(r["authority"])}
                   for r in values["agents"]],
        "places": [{"name": r["name"].strip(), "authority": _none_if_blank(r["authority"])} for r in values["places"]],
        "relations": [{"type": r["type"], "target": r["target"].strip(), "note": r["note"].strip()}
                      for r in values["relations"]],
        "archival_refs": [_reference(r, i, errors) for i, r in enumerate(values["archival_refs"])],
        "renditions": _renditions(values, doc_id, base),
        "originals": [{k: r[k].strip() for k in ROW_FIELDS["originals"]} for r in values["originals"]],
        "findings": base.findings if base else {},
        "edition": base.edition if base else None,  # not in the form (set on ingest, or through the API): kept
        "rights": base.rights if base else "",  # likewise: an edit through the form must not drop the reuse terms
    }
    return data, errors


def field_name(loc: Iterable[int | str]) -> str:
    """The form field a model error belongs to: ``("agents", 0, "role")`` → ``agents-0-role``."""
    parts = [str(p) for p in loc]
    if not parts:
        return ""
    if parts[0] in TEXT_LISTS:
        return parts[0]
    if parts[0] in ("date", "classification", "access") and len(parts) > 1:
        return "-".join(parts[:2])
    return "-".join(parts)


def _message(text: str) -> str:
    return text.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def build_document(values: Values, doc_id: str, status: Status,
                   base: Document | None) -> tuple[Document | None, Errors]:
    """The Document the form describes, or None and the errors to show next to each field."""
    data, errors = document_data(values, doc_id, status, base)
    note = text_problem(values["message"])
    if note:
        errors["message"] = note  # the note goes into the revision, which must be storable too
    for path, problem in problems(data, base.model_dump() if base else None):
        errors.setdefault(field_name(path), problem)
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            errors.setdefault(field_name(e["loc"]), _message(e["msg"]))
        return None, errors
    return (None, errors) if errors else (doc, errors)


def add_references(values: Values, found: list[dict[str, Any]]) -> Values:
    """``values`` with parsed archival references filled into blank rows, then new rows."""
    rows = [r for r in values["archival_refs"] if _filled("archival_refs", r)]
    for ref in found:
        rows.append({"raw": ref["raw"], **{level: _text(ref.get(level)) for level in LEVELS},
                     "extra": _extra_text(ref.get("extra") or {})})
    return {**values, "archival_refs": rows}


def add_blank_row(values: Values, group: str) -> Values:
    if group not in ROW_FIELDS or len(values[group]) >= MAX_ROWS - 1:
        return values
    blank: dict[str, Any] = {name: "" for name in ROW_FIELDS[group]}
    if group == "renditions":
        blank["credits"] = []
    return {**values, group: [*values[group], blank]}
