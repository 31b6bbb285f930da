from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from opis.model import AttachedOriginal
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.errors import Conflict, Invalid
from opis.store.exchange import export_archive, import_archive
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


def test_the_export_holds_no_password_session_or_token_hash(archive: Archive) -> None:
    archive.accounts.add_user("alice", "correct horse battery staple", {"admin"})
    secret, _ = archive.accounts.create_token("alice", "script")
    cookie, _ = archive.accounts.open_session("alice")
    dump = _export(archive)
    with archive.engine.connect() as conn:
        hashes = [v for table in ("users", "sessions", "api_tokens") for row in
                  conn.exec_driver_sql(f"SELECT * FROM {table}").all() for v in row if isinstance(v, str)
                  and len(v) >= 40]
    assert len(hashes) >= 4  # password hash, session hash and CSRF token, token hash
    for value in [*hashes, secret.split("_", 2)[2], cookie]:
        assert value not in dump
    assert "argon2" not in dump and "password" not in dump


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
