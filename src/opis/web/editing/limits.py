"""What the store can hold, checked before a person's document is saved.

The model accepts any string, but the database does not: PostgreSQL refuses NUL characters in
text, no database can encode a lone UTF-16 surrogate (JSON lets ``"\\ud800"`` through), JSON has
no NaN, and the derived tables keep archival levels and link targets in bounded columns. Each
would otherwise surface as a server error on save, or later when the record is read back; here it
becomes a message next to the field. The bounds are read from the schema so they cannot drift.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from opis import vocab
from opis.store.bounds import LINK_LENGTH, level_lengths


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None if it can."""
    if "\x00" in value:
        return "contains a NUL character, which cannot be stored"
    if not value.isascii() and not _encodable(value):
        return "is not valid Unicode text (a lone surrogate)"
    return None


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, problem) for every string or number below ``value`` that cannot be stored."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, "must be a finite number"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, (*path, str(key)))
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, str(i)))


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _limited(data: dict[str, Any]) -> list[tuple[tuple[str, ...], Any, str]]:
    """(path, value, kind of limit) of every field vocab/limits.yaml bounds."""
    fields: list[tuple[tuple[str, ...], Any, str]] = [(("title",), data.get("title"), "title"),
                                                      (("summary",), data.get("summary"), "summary")]
    fields += [(("renditions", str(i), "text"), r.get("text"), "text") for i, r in enumerate(_rows(data, "renditions"))]
    for group in ("agents", "places"):
        fields += [((group, str(i), "name"), row.get("name"), "name") for i, row in enumerate(_rows(data, group))]
    return fields


def _over_limit(data: dict[str, Any], stored: dict[str, Any] | None) -> Iterator[tuple[tuple[str, ...], str]]:
    """Fields longer than vocab/limits.yaml allows (a 50 MB title once held the indexer for an hour).
    A value the stored record already holds passes: ingest keeps texts of any length, and they
    must stay editable."""
    limits = vocab.field_limits()
    kept = {value for _, value, _ in _limited(stored or {}) if isinstance(value, str)}
    for path, value, kind in _limited(data):
        if isinstance(value, str) and len(value) > limits[kind] and value not in kept:
            yield path, f"may be at most {limits[kind]:,} characters (it has {len(value):,})"


def _too_long(data: dict[str, Any], stored: dict[str, Any] | None = None) -> Iterator[tuple[tuple[str, ...], str]]:
    yield from _over_limit(data, stored)
    for i, ref in enumerate(_rows(data, "archival_refs")):
        for level, limit in level_lengths().items():
            if len(str(ref.get(level) or "")) > limit:
                yield ("archival_refs", str(i), level), f"may be at most {limit} characters"
    links: list[tuple[tuple[str, ...], Any]] = [
        (("agents", str(i), "authority"), a.get("authority")) for i, a in enumerate(_rows(data, "agents"))]
    links += [(("places", str(i), "authority"), p.get("authority")) for i, p in enumerate(_rows(data, "places"))]
    links += [(("relations", str(i), "target"), r.get("target")) for i, r in enumerate(_rows(data, "relations"))]
    links += [(("collections", str(i)), c) for i, c in enumerate(data.get("collections") or [])]
    for path, target in links:
        if len(str(target or "")) > LINK_LENGTH:
            yield path, f"is not a record id (at most {LINK_LENGTH} characters)"


def _rows(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [row for row in data.get(name) or [] if isinstance(row, dict)]


def unstorable(value: BaseModel) -> list[tuple[tuple[str, ...], str]]:
    """Strings and numbers in ``value`` no database could hold, as (path, what is wrong)."""
    return list(_walk(value.model_dump(), ()))


def problems(data: dict[str, Any], stored: dict[str, Any] | None = None) -> list[tuple[tuple[str, ...], str]]:
    """Everything in a document the store could not hold, as (path into the record, what is wrong).
    ``data`` is the document as a dict (``model_dump()``, or what a form describes, before validation);
    ``stored`` the record it changes, if any. Findings are left out: they are the server's, never
    taken from a person's input."""
    return [*_walk({k: v for k, v in data.items() if k != "findings"}, ()), *_too_long(data, stored)]
