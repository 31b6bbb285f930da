"""From form values to an authority record, with a message by each field that is wrong (the
forms and the JSON API share it)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError

from opis.model import Access, AccessLevel, Authority, DocDate, Name, Office, Status
from opis.model.common import check_language, scheme_ids
from opis.web.editing.authorities.bodies import IDENTIFIER_KEY, LIMITS, SHORT, clean

T = TypeVar("T")


def _message(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
    return str(exc)


def _attempt(errors: dict[str, str], key: str, make: Callable[[], T]) -> T | None:
    try:
        return make()
    except ValueError as exc:
        errors[key] = _message(exc)
        return None


def _check_texts(values: Any, errors: dict[str, str], key: str = "") -> None:
    if isinstance(values, dict):
        for k, v in values.items():
            _check_texts(v, errors, k if not key else f"{key}-{k}")
    elif isinstance(values, list):
        for i, v in enumerate(values):
            _check_texts(v, errors, f"{key}-{i}")
    elif isinstance(values, str):
        _attempt(errors, key, lambda: clean(values))
        limit = LIMITS.get(key, SHORT)
        if len(values) > limit:
            errors[key] = f"At most {limit} characters."


def _date(edtf: str, text: str, key: str, errors: dict[str, str]) -> DocDate | None:
    if not edtf.strip():
        if text.strip():
            errors[key] = "Give the date as EDTF too (1912-04-15, 1950-05, 1912/1994), or clear the wording."
        return None
    return _attempt(errors, key, lambda: DocDate(edtf=edtf, text=text.strip() or None))


def _name(row: dict[str, str], key: str, errors: dict[str, str]) -> Name | None:
    value, lang, scheme = (row[f].strip() for f in ("value", "lang", "scheme"))
    if not value:
        errors[f"{key}-value"] = "Write the name, or clear the row."
    if lang:
        _attempt(errors, f"{key}-lang", lambda: check_language(lang))
    if scheme and scheme not in scheme_ids():
        errors[f"{key}-scheme"] = "Choose a scheme from the list."
    if any(k.startswith(f"{key}-") for k in errors):
        return None
    return Name(value=value, lang=lang or None, scheme=scheme or None)


def _office(row: dict[str, str], key: str, errors: dict[str, str]) -> Office | None:
    if not row["title"].strip():
        errors[f"{key}-title"] = "An office needs its title, or clear the row."
    when = _date(row["date"], row["date_text"], f"{key}-date", errors)
    if any(k.startswith(f"{key}-") for k in errors):
        return None
    return Office(title=row["title"].strip(), organization=row["organization"].strip(), date=when)


def _identifiers(rows: list[dict[str, str]], errors: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i, row in enumerate(rows):
        scheme, value = row["scheme"].strip(), row["value"].strip()
        if not IDENTIFIER_KEY.match(scheme):
            errors[f"identifiers-{i}-scheme"] = "A short lower-case name such as wikidata or viaf."
        elif scheme in found:
            errors[f"identifiers-{i}-scheme"] = f"{scheme} is given twice."
        if not value:
            errors[f"identifiers-{i}-value"] = "Write the identifier, or clear the row."
        found[scheme] = value
    return found


def _coordinates(lat: str, lon: str, errors: dict[str, str]) -> tuple[float, float] | None:
    if not lat.strip() and not lon.strip():
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        point = (math.nan, math.nan)
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        errors["coordinates"] = "Latitude -90…90 and longitude -180…180, as decimal degrees (39.03, 125.75)."
        return None
    return point


def _access(row: dict[str, str], errors: dict[str, str]) -> Access | None:
    if row["level"] not in {level.value for level in AccessLevel}:
        errors["access"] = "Choose public, restricted or embargoed."
        return None
    try:
        until = date.fromisoformat(row["until"].strip()) if row["until"].strip() else None
    except ValueError:
        errors["access"] = "Give the end of the embargo as a day, YYYY-MM-DD."
        return None
    return _attempt(errors, "access", lambda: Access(level=AccessLevel(row["level"]), until=until))


def build(values: dict[str, Any], kind: str, record_id: str, keep: Authority | None = None,
          status: Status = Status.DRAFT) -> tuple[Authority | None, dict[str, str]]:
    """The record the values describe, or the messages by field. ``keep`` is the record being
    edited: what the form does not show (status, source, a merge pointer) stays as it was."""
    errors: dict[str, str] = {}
    _check_texts(values, errors)
    if not values["preferred"].strip():
        errors["preferred"] = "Every record needs a preferred name."
    names = [_name(row, f"names-{i}", errors) for i, row in enumerate(values["names"])]
    offices = [_office(row, f"offices-{i}", errors) for i, row in enumerate(values["offices"])]
    fields = {"kind": kind, "id": record_id, "preferred": values["preferred"].strip(),
              "names": names, "offices": offices, "description": values["description"].strip(),
              "dates": _date(values["dates"]["edtf"], values["dates"]["text"], "dates", errors),
              "identifiers": _identifiers(values["identifiers"], errors), "code": values["code"].strip() or None,
              "coordinates": _coordinates(values["lat"], values["lon"], errors),
              "access": _access(values["access"], errors)}
    if len(values["code"]) > 40:
        errors["code"] = "At most 40 characters."
    if errors:
        return None, errors
    kept = {"status": keep.status, "source": keep.source, "merged_into": keep.merged_into} if keep else {
        "status": status, "source": "web"}
    record = _attempt(errors, "form", lambda: Authority.model_validate({**fields, **kept}))
    return record, errors


def joined(errors: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in errors.items())
