"""The authority form's values: one plain shape for what a form shows, what a person sent and an API
body, and the context the form page renders."""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import FormData

from opis import vocab
from opis.model import AccessLevel, Authority, DocDate
from opis.store.errors import Invalid
from opis.web.editing.authorities.bodies import ID_PATTERN, ROW_LIMIT, AuthorityFields, DateIn

ROW_FIELDS = {"names": ("value", "lang", "scheme"), "offices": ("title", "organization", "date", "date_text"),
              "identifiers": ("scheme", "value")}
_ROW = re.compile(r"^(names|offices|identifiers)-(\d{1,4})-([a-z_]+)$")


def blank_values() -> dict[str, Any]:
    return {"preferred": "", "names": [], "dates": {"edtf": "", "text": ""}, "description": "", "offices": [],
            "identifiers": [], "code": "", "lat": "", "lon": "", "access": {"level": "public", "until": ""},
            "message": ""}


def date_values(when: DocDate | DateIn | None) -> dict[str, str]:
    return {"edtf": when.edtf if when else "", "text": (when.text or "") if when else ""}


def values_of(record: Authority | AuthorityFields) -> dict[str, Any]:
    """The form values of a stored record or of an API body."""
    lat, lon = (str(c) for c in record.coordinates) if record.coordinates else ("", "")
    return {**blank_values(), "preferred": record.preferred, "description": record.description,
            "names": [{"value": n.value, "lang": n.lang or "", "scheme": n.scheme or ""} for n in record.names],
            "dates": date_values(record.dates), "code": record.code or "", "lat": lat, "lon": lon,
            "offices": [{"title": o.title, "organization": o.organization, "date": date_values(o.date)["edtf"],
                         "date_text": date_values(o.date)["text"]} for o in record.offices],
            "identifiers": [{"scheme": k, "value": v} for k, v in record.identifiers.items()],
            "access": {"level": record.access.level.value,
                       "until": record.access.until.isoformat() if record.access.until else ""}}


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""  # an uploaded file where text belongs is no text


def values_from_form(form: FormData) -> dict[str, Any]:
    """What a person sent, rows renumbered from 0 and blank rows dropped, ready to show again."""
    rows: dict[str, dict[int, dict[str, str]]] = {group: {} for group in ROW_FIELDS}
    for key, raw in form.multi_items():
        found = _ROW.match(key)
        if found and found.group(3) in ROW_FIELDS[found.group(1)]:
            rows[found.group(1)].setdefault(int(found.group(2)), {})[found.group(3)] = text_of(raw)
    one = {k: text_of(form.get(k, "")) for k in ("preferred", "description", "code", "lat", "lon", "message",
                                                "dates-edtf", "dates-text", "access-level", "access-until")}
    values = {**blank_values(), **{k: one[k] for k in ("preferred", "description", "code", "lat", "lon", "message")},
              "dates": {"edtf": one["dates-edtf"], "text": one["dates-text"]},
              "access": {"level": one["access-level"] or "public", "until": one["access-until"]}}
    for group, found_rows in rows.items():
        filled = [{f: row.get(f, "") for f in ROW_FIELDS[group]} for _, row in sorted(found_rows.items())]
        values[group] = [row for row in filled if any(v.strip() for v in row.values())][:ROW_LIMIT]
    return values


def _choices() -> dict[str, Any]:
    scripts = vocab.load("scripts")
    return {"tags": [{"id": t["id"], "label": t["label"]} for t in scripts["tags"]],
            "schemes": [{"id": s["id"], "label": s["label"]} for s in scripts["schemes"]],
            "access_levels": [level.value for level in AccessLevel]}


def form_context(kind: str, values: dict[str, Any], errors: dict[str, str], record: Authority | None = None,
                 base: int | None = None, message: str = "", existing: str | None = None) -> dict[str, Any]:
    action = f"/authorities/{record.id}/edit" if record else f"/edit/authorities/new?kind={kind}"
    return {"mode": "edit" if record else "new", "kind": kind, "record_id": record.id if record else None,
            "base": base, "values": values, "errors": errors, "message": message, "existing": existing,
            "action": action, "choices": _choices()}


def int_of(value: Any) -> int | None:
    text = text_of(value).strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def form_id(value: Any) -> str:
    text = text_of(value).strip()
    if not re.match(ID_PATTERN, text):
        raise Invalid(f"{text[:80]!r} is not a record id")
    return text
