"""Errors the store raises; the web layer maps each to one JSON error shape."""

from __future__ import annotations


class StoreError(Exception):
    code = "store_error"


class NotFound(StoreError):
    """No record the viewer may see has this id (a hidden record is reported exactly like a missing one)."""

    code = "not_found"


class Invalid(StoreError):
    code = "invalid"


class Conflict(StoreError):
    code = "conflict"


class Forbidden(StoreError):
    """The viewer may see the record but may not do this to it."""

    code = "forbidden"
