"""Stored statements on SQLite and PostgreSQL: written when a document is saved with its findings, judged by
an editor (confirm, correct, reject) with revisions and an audit entry, never brought back once rejected,
hidden with their document. The text is seed 000 (Wilson Center blog post on Soviet documents about Korea,
quoted as tests/extract/test_statements.py quotes it)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from opis.extract.names.entities import AuthorityIndex
from opis.extract.pipeline import extract_all
from opis.model import AccessLevel, Authority, Document, Rendition
from opis.model.findings import Findings
from opis.sample import load_sample
from opis.store import statements
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.errors import Forbidden, Invalid, NotFound
from opis.store.exchange import export_archive, import_archive
from opis.store.originals import OriginalsDir
from opis.store.schema import statement_revisions
from tests.extract.test_statements import KIM_1950

EDITOR = Viewer("ed", frozenset({"editor"}))


@pytest.fixture(scope="module")
def index() -> AuthorityIndex:
    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


def _doc(text: str, index: AuthorityIndex, access: AccessLevel = AccessLevel.PUBLIC) -> Document:
    found = extract_all(text, "en", index, only=("statements",))
    doc = Document(id="doc-statements-1", title="Kim and Stalin, 1950", genre="other",
                   renditions=[Rendition(id="r-en", kind="original", language="en", text=text)],
                   findings=Findings.model_validate({"statements": found["statements"]}))
    return doc.model_copy(update={"access": doc.access.model_copy(update={"level": access})})


def test_saved_with_the_document_linked_and_dated(archive: Archive, index: AuthorityIndex) -> None:
    archive.put(_doc(KIM_1950, index), "test")
    got = statements.of_document(archive, "doc-statements-1", ANONYMOUS)
    assert [s.statement.kind for s in got] == ["request", "decision"] * 3
    assert all(s.status == "extracted" and 0.3 <= s.confidence <= 1.0 for s in got)
    for request, decision in zip(got[::2], got[1::2], strict=True):
        assert decision.responds_to == request.id  # the index became the stored id
    passage = KIM_1950[got[4].statement.start:got[4].statement.end]
    assert "fuel, medicine, and ships" in passage
    stalin = got[1].statement.agent.authority if got[1].statement.agent else None
    assert stalin is not None
    by_stalin = statements.of_authority(archive, stalin, ANONYMOUS)
    assert {s.id for s in got[1::2]} <= {s.id for s in by_stalin}
    # saving the same again writes nothing new
    archive.put(_doc(KIM_1950, index).model_copy(update={"title": "Kim and Stalin"}), "test")
    with archive.engine.connect() as conn:
        assert len(conn.execute(select(statement_revisions)).all()) == 6


def test_an_editor_judges_and_a_rejected_one_never_returns(archive: Archive, index: AuthorityIndex) -> None:
    archive.put(_doc(KIM_1950, index), "test")
    first, second = statements.of_document(archive, "doc-statements-1", SYSTEM)[:2]
    with pytest.raises(Forbidden):
        statements.review(archive, first.id, "reject", ANONYMOUS)
    with pytest.raises(Invalid):
        statements.review(archive, first.id, "correct", EDITOR, correction={"kind": "greeting"})
    rejected = statements.review(archive, first.id, "reject", EDITOR, ip="10.0.0.1")
    fixed = statements.review(archive, second.id, "correct", EDITOR, correction={"object": "the advance of loans"})
    assert (rejected.status, rejected.revision) == ("rejected", 2)
    assert fixed.status == "corrected" and fixed.statement.object == "the advance of loans" and fixed.confidence == 1
    # Re-extraction after an edit elsewhere in the text: offsets move, verdicts stay, the rejected one stays out.
    archive.put(_doc("Preface.\n\n" + KIM_1950, index), "test")
    now = statements.of_document(archive, "doc-statements-1", SYSTEM)
    assert first.id not in {s.id for s in now} and len(now) == 5
    kept = next(s for s in now if s.id == second.id)
    assert kept.status == "corrected" and kept.statement.object == "the advance of loans"
    assert kept.statement.start == second.statement.start + len("Preface.\n\n")  # its passage, where it is now
    assert [s.status for s in statements.of_document(archive, "doc-statements-1", SYSTEM, rejected=True)
            if s.id == first.id] == ["rejected"]
    assert [h["status"] for h in statements.history(archive, first.id, SYSTEM)] == ["rejected", "extracted"]
    entries, _ = archive.audit.entries(action="statement.reject")
    assert entries[0].target == first.id and entries[0].ip == "10.0.0.1"


def test_gone_from_the_text_gone_from_the_list(archive: Archive, index: AuthorityIndex) -> None:
    archive.put(_doc(KIM_1950, index), "test")
    shorter = KIM_1950.split("\n\n")[0] + "\n"
    archive.put(_doc(shorter, index), "test")
    assert [s.statement.kind for s in statements.of_document(archive, "doc-statements-1", SYSTEM)] == [
        "request", "decision"]


def test_hidden_with_their_document(archive: Archive, index: AuthorityIndex) -> None:
    archive.put(_doc(KIM_1950, index, AccessLevel.RESTRICTED), "test")
    assert statements.of_document(archive, "doc-statements-1", ANONYMOUS) == []
    assert len(statements.of_document(archive, "doc-statements-1", SYSTEM)) == 6
    sid = statements.of_document(archive, "doc-statements-1", SYSTEM)[0].id
    with pytest.raises(NotFound):
        statements.history(archive, sid, ANONYMOUS)


def test_the_whole_archive_export_keeps_statements_and_verdicts(archive: Archive, index: AuthorityIndex,
                                                               tmp_path: Path) -> None:
    archive.put(_doc(KIM_1950, index), "test")
    first, second = statements.of_document(archive, "doc-statements-1", SYSTEM)[:2]
    statements.review(archive, first.id, "reject", EDITOR)
    statements.review(archive, second.id, "correct", EDITOR, correction={"decision": "partly approved"})
    dump = io.StringIO()
    export_archive(archive, dump)
    exported = json.loads(dump.getvalue())["statements"]
    assert {e["id"]: e["status"] for e in exported}[first.id] == "rejected"  # a verdict is part of the archive
    target = Archive(make_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}"), OriginalsDir(tmp_path / "o"),
                     archive.clock)
    migrate(target.engine)
    import_archive(target, io.StringIO(dump.getvalue()))
    again = io.StringIO()
    export_archive(target, again)
    assert again.getvalue() == dump.getvalue()
    got = {s.id: s for s in statements.of_document(target, "doc-statements-1", SYSTEM, rejected=True)}
    assert got[first.id].status == "rejected" and got[second.id].statement.decision == "partly approved"
    assert [h["message"] for h in statements.history(target, second.id, SYSTEM)] == ["correct", "extracted"]
    # A file from before statements were exported: the documents' findings give them back, as extracted.
    old = json.loads(dump.getvalue())
    del old["statements"]
    older = Archive(make_engine(f"sqlite:///{tmp_path / 'older.sqlite3'}"), OriginalsDir(tmp_path / "o2"),
                    archive.clock)
    migrate(older.engine)
    import_archive(older, io.StringIO(json.dumps(old)))
    assert {s.status for s in statements.of_document(older, "doc-statements-1", SYSTEM)} == {"extracted"}
    broken = json.loads(dump.getvalue())
    broken["statements"][0]["data"]["kind"] = "rumour"
    empty = Archive(make_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}"), OriginalsDir(tmp_path / "o3"), archive.clock)
    migrate(empty.engine)
    with pytest.raises(Invalid, match="not valid"):
        import_archive(empty, io.StringIO(json.dumps(broken)))
    assert empty.titles(["doc-statements-1"], SYSTEM) == {}  # all or nothing
