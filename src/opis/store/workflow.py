"""Who may change a record, and how records move draft → in review → published → withdrawn.

The moves and the permission each needs are data (vocab/workflow.yaml); roles grant permissions
(vocab/roles.yaml). Authority records are edited under their own permission whatever their status.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from opis import vocab
from opis.model import AUTHORITY_KINDS, AnyRecord, Authority, Status
from opis.store.access import Viewer
from opis.store.errors import Forbidden, Invalid


@dataclass(frozen=True)
class Move:
    source: Status
    target: Status
    label: str
    permission: str


@cache
def moves() -> tuple[Move, ...]:
    return tuple(Move(Status(t["from"]), Status(t["to"]), str(t["label"]), str(t["permission"]))
                 for t in vocab.load("workflow")["transitions"])


@cache
def _edit_permissions() -> dict[Status, frozenset[str]]:
    return {Status(s["id"]): frozenset(s["edit"]) for s in vocab.load("workflow")["statuses"]}


def status_labels() -> dict[str, str]:
    return {str(s["id"]): str(s["label"]) for s in vocab.load("workflow")["statuses"]}


def moves_for(viewer: Viewer, record: AnyRecord) -> list[Move]:
    """The moves ``viewer`` may make on ``record`` now."""
    return [m for m in moves() if m.source is record.status and viewer.may(m.permission)]


def may_edit(viewer: Viewer, record: AnyRecord) -> bool:
    if isinstance(record, Authority):
        return viewer.may("edit_authorities")
    return any(viewer.may(p) for p in _edit_permissions()[record.status])


def may_create(viewer: Viewer, kind: str) -> bool:
    if kind in AUTHORITY_KINDS:
        return viewer.may("edit_authorities")
    return viewer.may("edit_drafts")


def check_edit(viewer: Viewer, record: AnyRecord) -> None:
    if not may_edit(viewer, record):
        raise Forbidden(f"{viewer.name or 'an anonymous reader'} may not change {record.id!r} "
                        f"while it is {record.status.value}")


def moved(viewer: Viewer, record: AnyRecord, target: Status) -> AnyRecord:
    """A copy of ``record`` with status ``target``, if the workflow allows ``viewer`` that move."""
    move = next((m for m in moves() if m.source is record.status and m.target is target), None)
    if move is None:
        raise Invalid(f"a {record.status.value} record cannot become {target.value}; "
                      f"allowed: {', '.join(m.target.value for m in moves() if m.source is record.status)}")
    if not viewer.may(move.permission):
        raise Forbidden(f"moving a record from {record.status.value} to {target.value} needs the "
                        f"{move.permission!r} permission")
    return record.model_copy(update={"status": target})
