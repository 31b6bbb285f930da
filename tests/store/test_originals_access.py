"""Who may download a stored original: every record holding it must be readable to them.

Each role (and the anonymous public) against an original held by one document in every status ×
access level, by two documents of different rules, and by none; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from opis.model import Access, AttachedOriginal, Document, Status
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from tests.support import records as R

VIEWERS = {"anonymous": ANONYMOUS, **{role: Viewer(f"{role}-1", frozenset({role}))
                                      for role in ("reader", "contributor", "translator", "editor", "admin")}}
ACCESS = {"public": Access(), "restricted": Access(level="restricted"),
          "embargoed": Access(level="embargoed", until=date(2031, 1, 1)),
          "embargo-over": Access(level="embargoed", until=date(2020, 1, 1))}
STATUSES = tuple(Status)


def _original(archive: Archive, folder: Path, name: str) -> AttachedOriginal:
    source = folder / name
    source.write_bytes(f"the bytes of {name}".encode())
    sha, _, _ = archive.add_original(source, name, "text/plain")
    return AttachedOriginal(sha256=sha, filename=name, media_type="text/plain")


def _holder(key: str, original: AttachedOriginal, status: Status, access: Access) -> Document:
    return R.doc(key, status=status, access=access, originals=[original])


def _may_read(archive: Archive, record_id: str, viewer: Viewer) -> bool:
    try:
        archive.get(record_id, viewer)
    except NotFound:
        return False
    return True


def _may_download(archive: Archive, sha: str, viewer: Viewer) -> bool:
    try:
        archive.original_info(sha, viewer)
    except NotFound:
        return False
    return True


def test_one_holder_in_every_status_and_access(archive: Archive, tmp_path: Path) -> None:
    cases = []
    for status, (level, access) in itertools.product(STATUSES, ACCESS.items()):
        original = _original(archive, tmp_path, f"{status.value}-{level}.txt")
        holder = _holder(f"{status.value}-{level}", original, status, access)
        archive.put(holder, "t")
        cases.append((holder, original.sha256))
    wrong = [(h.status.value, h.access.level.value, who)
             for (h, sha), (who, viewer) in itertools.product(cases, VIEWERS.items())
             if _may_download(archive, sha, viewer) != _may_read(archive, h.id, viewer)]
    assert not wrong
    assert len(cases) == len(STATUSES) * len(ACCESS)


def test_the_reported_hole_a_contributor_and_a_restricted_document(archive: Archive, tmp_path: Path) -> None:
    original = _original(archive, tmp_path, "restricted.txt")
    archive.put(_holder("r", original, Status.PUBLISHED, ACCESS["restricted"]), "t")
    with pytest.raises(NotFound):
        archive.original_info(original.sha256, VIEWERS["contributor"])
    with pytest.raises(NotFound):
        archive.original_info(original.sha256, VIEWERS["translator"])
    assert archive.original_info(original.sha256, VIEWERS["editor"])["filename"] == "restricted.txt"


@pytest.mark.parametrize(("first", "second"), [("public", "restricted"), ("public", "embargoed"),
                                               ("embargo-over", "restricted"), ("public", "public")])
def test_two_holders_the_strictest_decides(archive: Archive, tmp_path: Path, first: str, second: str) -> None:
    original = _original(archive, tmp_path, "shared.txt")
    a = _holder("a", original, Status.PUBLISHED, ACCESS[first])
    b = _holder("b", original, Status.DRAFT if first == second else Status.PUBLISHED, ACCESS[second])
    archive.put_many([a, b], "t")
    for who, viewer in VIEWERS.items():
        both = _may_read(archive, a.id, viewer) and _may_read(archive, b.id, viewer)
        assert _may_download(archive, original.sha256, viewer) == both, who
    assert not _may_download(archive, original.sha256, ANONYMOUS)  # each pair has a holder the public cannot read


def test_an_original_nobody_holds_is_for_those_who_see_everything(archive: Archive, tmp_path: Path) -> None:
    original = _original(archive, tmp_path, "orphan.txt")
    allowed = {who for who, viewer in VIEWERS.items() if _may_download(archive, original.sha256, viewer)}
    assert allowed == {"editor", "admin"}
    assert _may_download(archive, original.sha256, SYSTEM)
