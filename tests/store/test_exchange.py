from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from opis.model import AttachedOriginal
from opis.store import accounts as account_store
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.errors import Conflict, Invalid
from opis.store.exchange import export_archive, import_archive
from opis.store.ingestlog import FileOutcome, finish_job, job_status, record_outcome, start_job
from opis.store.originals import OriginalsDir
from tests.conftest import FixedClock
from tests.support import records as R


def _fresh(tmp_path: Path, name: str, clock: FixedClock) -> Archive:
    engine = make_engine(f"sqlite:///{tmp_path / name}.sqlite3")
    migrate(engine)
    return Archive(engine, OriginalsDir(tmp_path / f"{name}-originals"), clock)


def _export(archive: Archive, originals: Path | None = None) -> str:
    buf = io.StringIO()
    export_archive(archive, buf, originals)
    return buf.getvalue()


def _audit_some(archive: Archive) -> None:
    """Entries as people make them, two of them equal (a fixed clock, like a coarse one)."""
    archive.audit.record("alice", "login-failed", "alice", "10.0.0.1")
    archive.audit.record("alice", "login-failed", "alice", "10.0.0.1")
    archive.audit.record("alice", "token-created", "alice", "10.0.0.1", {"token": "abc", "label": "Штыков"})


def test_export_import_export_is_byte_identical(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    scan = tmp_path / "scan.bin"
    scan.write_bytes(bytes(range(256)) * 10)
    sha, _, _ = archive.add_original(scan, "scan.bin", "application/octet-stream")
    archive.put_many(R.ALL, "alice", "loaded")
    _audit_some(archive)
    clock.now += timedelta(days=1)
    archive.put(R.PUBLIC.model_copy(update={"title": "Edited", "originals": [
        AttachedOriginal(sha256=sha, filename="scan.bin", media_type="application/octet-stream")]}), "bob", "edit")
    first = _export(archive, tmp_path / "export.originals")
    target = _fresh(tmp_path, "copy", clock)
    assert import_archive(target, io.StringIO(first), tmp_path / "export.originals") == len(R.ALL)
    assert _export(target) == first
    assert target.revisions(R.PUBLIC.id, SYSTEM)[0].actor == "alice"
    assert target.get(R.PUBLIC.id, SYSTEM).title == "Edited"
    assert target.originals.path_for(sha).read_bytes() == scan.read_bytes()
    doc = json.loads(first)
    assert doc["format"] == "opis-export" and len(doc["originals"]) == 1
    assert [e["action"] for e in doc["audit"]] == ["login-failed", "login-failed", "token-created"]
    assert doc["audit"][2] == {"at": "2026-11-01T12:00:00.000000Z", "actor": "alice", "action": "token-created",
                               "target": "alice", "ip": "10.0.0.1", "detail": {"label": "Штыков", "token": "abc"}}
    assert [e.as_dict() for e in target.audit.all()] == [e.as_dict() for e in archive.audit.all()]


def test_import_refuses_non_empty_store_and_bad_files(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    archive.put(R.PUBLIC, "t")
    dump = _export(archive)
    with pytest.raises(Conflict, match="not empty"):
        import_archive(archive, io.StringIO(dump))
    empty = _fresh(tmp_path, "empty", clock)
    with pytest.raises(Invalid, match="not valid JSON"):
        import_archive(empty, io.StringIO(dump[:-20]))
    with pytest.raises(Invalid, match="not an opis export"):
        import_archive(empty, io.StringIO('{"records": []}'))
    broken = json.loads(dump)
    broken["records"][0]["data"]["genre"] = "poem"
    with pytest.raises(Invalid, match="not valid"):
        import_archive(empty, io.StringIO(json.dumps(broken)))
    assert empty.is_empty()  # all or nothing


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: these tests are about what is kept, not how hard it is to crack."""
    monkeypatch.setattr(account_store, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _people(archive: Archive) -> tuple[str, str, str]:
    """An admin with a token and a session, a disabled reader, and a finished ingest job."""
    archive.accounts.add_user("alice", "correct horse battery staple", {"admin"})
    archive.accounts.add_user("bob", "another long password", {"reader", "translator"})
    archive.accounts.set_disabled("bob", True)
    secret, _ = archive.accounts.create_token("alice", "script")
    revoked, info = archive.accounts.create_token("alice", "old script")
    archive.accounts.revoke_token(info.id)
    cookie, _ = archive.accounts.open_session("alice")
    job = start_job(archive, "alice", 2, {"collection": "Штыков", "languages": ["ru"]})
    record_outcome(archive, job, 0, FileOutcome("a.txt", "ingested", sha256="ab" * 32, records=1, pages=1))
    record_outcome(archive, job, 1, FileOutcome("b.bin", "failed", "not a format opis reads"))
    finish_job(archive, job)
    return secret, cookie, job


@pytest.mark.usefixtures("cheap_hashes")
def test_accounts_tokens_sessions_and_jobs_survive_a_restore(archive: Archive, clock: FixedClock,
                                                              tmp_path: Path) -> None:
    archive.put(R.PUBLIC, "alice")
    secret, cookie, job = _people(archive)
    dump = _export(archive)
    target = _fresh(tmp_path, "restored", clock)
    import_archive(target, io.StringIO(dump))
    assert _export(target) == dump
    accounts = target.accounts
    assert accounts.verify("alice", "correct horse battery staple") is not None
    assert accounts.verify("alice", "a wrong password") is None
    assert accounts.verify("bob", "another long password") is None  # still disabled
    assert accounts.user("bob").roles == {"reader", "translator"}
    token_user = accounts.token_user(secret)
    assert token_user is not None and token_user.name == "alice"
    assert len([t for t in accounts.tokens("alice") if t.revoked_at]) == 1
    session = accounts.session(cookie)
    assert session is not None and session.user.name == "alice"
    assert job_status(target, job) == job_status(archive, job)


@pytest.mark.usefixtures("cheap_hashes")
def test_the_export_holds_hashes_and_never_a_secret(archive: Archive) -> None:
    secret, cookie, _ = _people(archive)
    doc = json.loads(_export(archive))
    assert [u["name"] for u in doc["users"]] == ["alice", "bob"]
    assert all(u["password_hash"].startswith("$argon2id$") for u in doc["users"])
    assert [s["token_hash"] for s in doc["sessions"]] == [hashlib.sha256(cookie.encode()).hexdigest()]
    text = json.dumps(doc)
    for value in (secret, secret.split("_", 2)[2], cookie, "correct horse battery staple", "another long password"):
        assert value not in text
    assert {len(t["secret_hash"]) for t in doc["api_tokens"]} == {64}


@pytest.mark.usefixtures("cheap_hashes")
def test_a_restore_refuses_accounts_the_store_holds(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    _people(archive)
    dump = _export(archive)
    target = _fresh(tmp_path, "target", clock)
    target.accounts.add_user("alice", "the target's own password", {"reader"})
    with pytest.raises(Conflict, match="users alice"):
        import_archive(target, io.StringIO(dump))
    assert target.accounts.verify("alice", "the target's own password") is not None  # nothing changed
    assert [u.name for u in target.accounts.users()] == ["alice"]
    broken = json.loads(dump)
    broken["users"][1]["roles"] = "reader overlord"
    with pytest.raises(Invalid, match="unknown role"):
        import_archive(_fresh(tmp_path, "other", clock), io.StringIO(json.dumps(broken)))
    del broken["users"][1]["roles"]
    with pytest.raises(Invalid, match="expected the fields"):
        import_archive(_fresh(tmp_path, "third", clock), io.StringIO(json.dumps(broken)))


def test_a_version_1_file_still_imports(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    archive.put(R.PUBLIC, "t")
    doc = json.loads(_export(archive))
    for name in ("users", "sessions", "api_tokens", "ingest_jobs", "ingest_files"):
        del doc[name]
    doc["version"] = 1
    assert import_archive(_fresh(tmp_path, "v1", clock), io.StringIO(json.dumps(doc))) == 1


def test_importing_the_audit_twice_adds_it_once(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    _audit_some(archive)
    dump = _export(archive)  # no records: a store may take this file again
    target = _fresh(tmp_path, "target", clock)
    clock.now += timedelta(hours=1)
    target.audit.record("cli:root", "user-added", "bob")  # the target's own history stays, before the import
    import_archive(target, io.StringIO(dump))
    import_archive(target, io.StringIO(dump))
    actions = [(e.actor, e.action) for e in target.audit.all()]
    assert actions == [("cli:root", "user-added"), ("alice", "login-failed"), ("alice", "login-failed"),
                       ("alice", "token-created")]
    grown = json.loads(dump)
    grown["audit"].append({**grown["audit"][0], "at": "2026-11-02T00:00:00.000000Z"})
    import_archive(target, io.StringIO(json.dumps(grown)))
    assert len(list(target.audit.all())) == 5  # only the new entry was appended


def test_an_export_without_audit_still_imports_and_a_bad_entry_stops_all(archive: Archive, clock: FixedClock,
                                                                           tmp_path: Path) -> None:
    archive.put(R.PUBLIC, "t")
    doc = json.loads(_export(archive))
    del doc["audit"]  # files written before the audit log was exported
    older = _fresh(tmp_path, "older", clock)
    assert import_archive(older, io.StringIO(json.dumps(doc))) == 1
    doc["audit"] = [{"at": "x", "actor": "alice"}]
    empty = _fresh(tmp_path, "empty", clock)
    with pytest.raises(Invalid, match="audit entry"):
        import_archive(empty, io.StringIO(json.dumps(doc)))
    assert empty.is_empty()


def test_alignments_and_their_versions_survive_a_restore(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    from opis.model import Document, Rendition
    from opis.store import alignments

    ru, en = "Первое. Второе.", "First. Second."
    doc = Document(id="doc-exchange-align", title="Two sentences", genre="note",
                   renditions=[Rendition(id="r1", kind="original", language="ru", text=ru),
                               Rendition(id="r2", kind="translation", language="en", text=en)])
    archive.put(doc, "alice")
    alignments.keep(archive, alignments.made_for(doc.id, "r1", ru, "r2", en, [(0, 7, 0, 6), (8, 15, 7, 14)], "t"))
    editor = SYSTEM
    alignments.edit(archive, doc.id, "r1", "r2", {"op": "merge", "pair": 0}, editor)
    first = _export(archive)
    target = _fresh(tmp_path, "copy", clock)
    import_archive(target, io.StringIO(first))
    assert _export(target) == first
    (restored,) = alignments.stored(target, doc.id, SYSTEM)
    assert (restored.origin, restored.revision, restored.pairs) == ("edited", 2, [(0, 15, 0, 14)])
    assert [h["revision"] for h in alignments.history(target, doc.id, "r1", "r2", SYSTEM)] == [2, 1]
