"""Errors the store raises; the web layer maps each to one JSON error shape."""

from __future__ import annotations

from sqlalchemy.exc import DataError


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


# What the database raises for a value it refuses to store (PostgreSQL: a NUL in text). Named here so the layers
# above can treat it as the request's fault without importing the database driver themselves.
UNSTORABLE: tuple[type[Exception], ...] = (DataError,)
