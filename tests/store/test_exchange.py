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


def test_export_import_export_is_byte_identical(archive: Archive, clock: FixedClock, tmp_path: Path) -> None:
    scan = tmp_path / "scan.bin"
    scan.write_bytes(bytes(range(256)) * 10)
    sha, _, _ = archive.add_original(scan, "scan.bin", "application/octet-stream")
    archive.put_many(R.ALL, "alice", "loaded")
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
