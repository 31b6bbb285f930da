"""What the document form shows: its repeatable groups and their columns, the choices each select offers
(all from the vocabularies and the model, never spelled here), and the page context with its JSON twin."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from opis import vocab
from opis.model import AccessLevel, AttachedOriginal, Credit, Document, Rendition
from opis.store import workflow
from opis.web.editing.assist import edtf_preview
from opis.web.editing.forms import Errors, Values

Option = dict[str, str]


def _options(name: str) -> list[Option]:
    return [{"value": k, "label": v} for k, v in vocab.labels(name).items()]


def _literal(model: Any, field: str) -> list[Option]:
    return [{"value": v, "label": v.capitalize()} for v in get_args(model.model_fields[field].annotation)]


def _column(field: str, label: str, kind: str = "text", options: list[Option] | None = None,
            hint: str = "") -> dict[str, Any]:
    return {"field": field, "label": label, "type": kind, "options": options or [], "hint": hint}


@cache
def options() -> dict[str, list[Option]]:
    kinds = [o for o in _literal(Rendition, "kind") if o["value"] != "ocr"]  # OCR text comes from ingest only
    return {
        "genres": _options("genres"), "agent_roles": _options("agent_roles"),
        "relation_types": _options("relation_types"), "classification": _options("classification"),
        "access": [{"value": a.value, "label": a.value.capitalize()} for a in AccessLevel],
        "rendition_kinds": kinds, "all_rendition_kinds": _literal(Rendition, "kind"),
        "credit_roles": _literal(Credit, "role"), "original_roles": _literal(AttachedOriginal, "role"),
        "repositories": [{"value": r.code, "label": r.names.get("en", r.code)} for r in vocab.repositories()],
    }


@cache
def groups() -> list[dict[str, Any]]:
    """The repeatable rows of the form, in the order they appear (renditions have their own layout)."""
    o = options()
    authority = "an authority record id, e.g. per-…, to link the name"
    return [
        {"name": "agents", "legend": "People and bodies", "add": "Add a person or body", "columns": [
            _column("name", "Name as written"), _column("role", "Role", "select", o["agent_roles"]),
            _column("authority", "Authority id", hint=authority)]},
        {"name": "places", "legend": "Places", "add": "Add a place", "columns": [
            _column("name", "Place as written"), _column("authority", "Authority id", hint=authority)]},
        {"name": "relations", "legend": "Related documents", "add": "Add a relation", "columns": [
            _column("type", "Relation", "select", o["relation_types"]),
            _column("target", "Document id", hint="doc-…"), _column("note", "Note")]},
        {"name": "originals", "legend": "Attached stored originals", "add": "Attach a stored original", "columns": [
            _column("sha256", "SHA-256", hint="of a file already stored (upload it first)"),
            _column("filename", "File name"), _column("media_type", "Media type"),
            _column("role", "Role", "select", o["original_roles"])]},
    ]


def reference_columns() -> list[dict[str, Any]]:
    levels = [_column(lv.key, lv.label(), hint="e.g. 52-113, 193-194ob" if lv.folio else "")
              for lv in vocab.archival_levels().all]
    return [_column("raw", "Citation as written"), _column("repository", "Repository", "repository"), *levels,
            _column("extra", "Other levels", hint="record_group: 59; box: 4262")]


LABELS = {"title": "Title", "summary": "Summary", "genre": "Genre", "languages": "Languages",
          "date-edtf": "Date (EDTF)", "date-text": "Date as written",
          "classification-marking": "Classification marking",
          "classification-level": "Classification level", "access": "Access", "access-level": "Access",
          "access-until": "Embargoed until", "subjects": "Subjects", "collections": "Collections", "source": "Source",
          "message": "Note for the history", "base_revision": "Revision", "renditions": "Texts",
          "agents": "People and bodies", "places": "Places", "relations": "Related documents",
          "archival_refs": "Archival references", "originals": "Attached stored originals"}
RENDITION_LABELS = {"kind": "Kind", "language": "Language", "provenance": "Provenance", "text": "Text",
                    "credits": "Credits"}


@cache
def _column_labels() -> dict[str, dict[str, str]]:
    found = {g["name"]: {c["field"]: c["label"] for c in g["columns"]} for g in groups()}
    return {**found, "archival_refs": {c["field"]: c["label"] for c in reference_columns()},
            "renditions": RENDITION_LABELS}


def error_label(name: str) -> str:
    """Where an error is, in words: ``agents-1-role`` → "People and bodies, row 2: Role"."""
    if name in LABELS:
        return LABELS[name]
    group, _, rest = name.partition("-")
    index, _, field = rest.partition("-")
    if group not in LABELS or not index.isdigit():
        return name
    column = _column_labels().get(group, {}).get(field.split("-")[0], field)
    return f"{LABELS[group]}, row {int(index) + 1}" + (f": {column}" if field else "")


def form_context(values: Values, errors: Errors, *, action: str, heading: str, record: Document | None = None,
                 revision: int | None = None, notice: dict[str, Any] | None = None) -> dict[str, Any]:
    """The page context (and JSON twin) of the document form."""
    status = record.status.value if record else "draft"
    return {
        "heading": heading, "action": action, "record_id": record.id if record else None, "revision": revision,
        "status": status, "status_label": workflow.status_labels().get(status, status),
        "values": values, "errors": errors, "notice": notice,
        "error_list": [{"name": k, "label": error_label(k) if k else "", "text": v} for k, v in errors.items()],
        "preview": edtf_preview(values["date-edtf"]) if values["date-edtf"].strip() else None,
        "groups": groups(), "reference_columns": reference_columns(), "options": options(),
    }
