"""Deterministic identifiers: a short prefix for the kind plus a hash of a namespace and key parts.

Re-ingesting or re-loading the same source gives the same ids, so URLs never change.
"""

from __future__ import annotations

import hashlib

PREFIXES = {
    "document": "doc",
    "person": "per",
    "organization": "org",
    "family": "fam",
    "place": "plc",
    "repository": "rep",
    "collection": "col",
    "rendition": "ren",
}


def make_id(kind: str, *key: str) -> str:
    """``make_id("document", "sample", "meretskov-1947")`` -> ``doc-1a2b3c4d5e6f7a8b``."""
    if not key or not all(key):
        raise ValueError("an id needs at least one non-empty key part")
    digest = hashlib.sha256("\x1f".join((kind, *key)).encode("utf-8")).hexdigest()
    return f"{PREFIXES[kind]}-{digest[:16]}"


def kind_of(record_id: str) -> str | None:
    """The record kind an id's prefix names, or None for an id opis did not make."""
    prefix = record_id.split("-", 1)[0]
    return next((k for k, p in PREFIXES.items() if p == prefix), None)
