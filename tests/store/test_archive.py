from __future__ import annotations

from datetime import timedelta

import pytest

from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive
from opis.store.errors import NotFound
from tests.conftest import FixedClock
from tests.support import records as R


def test_put_get_and_identical_save_is_a_no_op(archive: Archive) -> None:
    first = archive.put(R.PUBLIC, "tester", "first")
    again = archive.put(R.PUBLIC, "tester", "again")
    assert (first.revision, first.changed) == (1, True)
    assert (again.revision, again.changed) == (1, False)
    assert archive.get(R.PUBLIC.id, SYSTEM) == R.PUBLIC
    # Its person and collection are not saved yet: the public reads the document without those links.
    assert archive.get(R.PUBLIC.id, ANONYMOUS) == R.PUBLIC.model_copy(update={
        "agents": [a.model_copy(update={"authority": None}) for a in R.PUBLIC.agents], "collections": []})
    archive.put_many([R.SHTYKOV, R.COLLECTION], "tester")
    assert archive.get(R.PUBLIC.id, ANONYMOUS) == R.PUBLIC


def test_every_change_is_a_revision_and_restore_adds_one(archive: Archive, clock: FixedClock) -> None:
    archive.put(R.PUBLIC, "alice", "created")
    clock.now += timedelta(minutes=5)
    edited = R.PUBLIC.model_copy(update={"title": "A better title"})
    assert archive.put(edited, "bob", "retitled").revision == 2
    assert archive.get(R.PUBLIC.id, ANONYMOUS).title == "A better title"
    history = archive.revisions(R.PUBLIC.id, ANONYMOUS)
    assert [(h.number, h.actor, h.message) for h in history] == [(1, "alice", "created"), (2, "bob", "retitled")]
    assert history[0].at < history[1].at
    assert archive.revision(R.PUBLIC.id, 1, ANONYMOUS).title == R.PUBLIC.title
    restored = archive.restore(R.PUBLIC.id, 1, "carol")
    assert restored.revision == 3
    assert archive.get(R.PUBLIC.id, ANONYMOUS).title == R.PUBLIC.title
    assert archive.revisions(R.PUBLIC.id, ANONYMOUS)[-1].message == "restored revision 1"
    assert archive.revision(R.PUBLIC.id, 2, ANONYMOUS).title == "A better title"  # nothing lost


def test_missing_revision_and_record(archive: Archive) -> None:
    archive.put(R.PUBLIC, "t")
    with pytest.raises(NotFound):
        archive.revision(R.PUBLIC.id, 7, SYSTEM)
    with pytest.raises(NotFound):
        archive.get("doc-0000000000000000", SYSTEM)


def test_browse_orders_by_date_with_undated_last(archive: Archive) -> None:
    undated = R.doc("undated", date=None)
    later = R.doc("later", date={"edtf": "1950-06-25"})
    early = R.doc("early", date={"edtf": "1945-08/1945-09"})
    archive.put_many([undated, later, early], "t")
    page = archive.browse(ANONYMOUS, ("document",), 0, 10)
    assert [d.id for d in page.items] == [early.id, later.id, undated.id]
    assert page.total == 3
    assert [d.id for d in archive.browse(ANONYMOUS, ("document",), 1, 1).items] == [later.id]


def test_outbox_row_for_every_change(archive: Archive) -> None:
    from sqlalchemy import select

    from opis.store.schema import outbox

    archive.put(R.PUBLIC, "t")
    archive.put(R.PUBLIC, "t")
    archive.put(R.PUBLIC.model_copy(update={"summary": "s"}), "t")
    with archive.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.record_id, outbox.c.revision).order_by(outbox.c.seq)).all()
    assert [tuple(r) for r in rows] == [(R.PUBLIC.id, 1), (R.PUBLIC.id, 2)]


def test_stored_originals_are_content_addressed_and_deduplicated(archive: Archive, tmp_path: object) -> None:
    from pathlib import Path

    src = Path(str(tmp_path)) / "scan.txt"
    src.write_bytes("Шифртелеграмма\n".encode())
    sha, size, new = archive.add_original(src, "scan.txt", "text/plain")
    again = archive.add_original(src, "copy.txt", "text/plain")
    assert new and again == (sha, size, False)
    assert archive.originals.path_for(sha).read_bytes() == src.read_bytes()
    import hashlib

    assert sha == hashlib.sha256(src.read_bytes()).hexdigest()
