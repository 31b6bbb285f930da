"""The one access rule. Every read in the store filters records through ``visible``.

An anonymous reader sees only published records that are public, or embargoed with a date that
has passed. What each role may see beyond that is data (vocab/roles.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, true

from opis import vocab
from opis.store.schema import records


@cache
def _permissions() -> dict[str, frozenset[str]]:
    return {str(r["id"]): frozenset(r["permissions"]) for r in vocab.load("roles")}


# The permissions the access rule reads: two viewers with the same of these see the same records.
READ_PERMISSIONS = ("read_unpublished", "read_restricted", "read_embargoed")


def role_ids() -> frozenset[str]:
    return frozenset(_permissions())


@dataclass(frozen=True)
class Viewer:
    """Who is reading. ``name`` None is the anonymous public."""

    name: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        unknown = self.roles - _permissions().keys()
        if unknown:
            raise ValueError(f"unknown role(s) {sorted(unknown)}; known: {sorted(_permissions())}")

    def may(self, permission: str) -> bool:
        return any(permission in _permissions()[r] for r in self.roles)

    @property
    def signed_in(self) -> bool:
        return self.name is not None


ANONYMOUS = Viewer()
SYSTEM = Viewer("system", frozenset({"admin"}))


def sees_everything(viewer: Viewer) -> bool:
    """Whether no record is hidden from ``viewer`` (editors, administrators, the operator)."""
    return all(viewer.may(p) for p in READ_PERMISSIONS)


def visible(viewer: Viewer, today: date, table: Any = None) -> ColumnElement[bool]:
    """SQL condition on ``records`` (or an alias of it, ``table``): true where ``viewer`` may read the record
    on ``today``."""
    rows = records if table is None else table
    status_ok = true() if viewer.may("read_unpublished") else rows.c.status == "published"
    allowed = [rows.c.access == "public"]
    if viewer.may("read_restricted"):
        allowed.append(rows.c.access == "restricted")
    if viewer.may("read_embargoed"):
        allowed.append(rows.c.access == "embargoed")
    else:
        allowed.append(and_(rows.c.access == "embargoed", rows.c.embargo_until <= today))
    return and_(status_ok, or_(*allowed))
