from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opis.jobs.ingest import IngestRequest, run_ingest
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.ingestlog import job_status
from tests.conftest import SHARED

SEED_PAPER = SHARED / "seeds" / "004_211dc3dc4bb9e61b.txt"


def _batch(folder: Path) -> Path:
    folder.mkdir()
    (folder / "paper.txt").write_bytes(SEED_PAPER.read_bytes())
    (folder / "note.md").write_text("# Записка\n\nШтыков сообщает 25 июня 1950 г. о поставках.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "xxe.xml").write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                    "<r>&x;</r>", encoding="utf-8")
    (folder / "fake.pdf").write_bytes(b"%PDF-1.4\n this is not really a pdf \n%%EOF")
    return folder


def test_batch_outcomes_records_and_duplicates(archive: Archive, tmp_path: Path) -> None:
    folder = _batch(tmp_path / "in")
    job = run_ingest(archive, IngestRequest(paths=(folder, tmp_path / "missing.txt"), collection="Seeds"))
    status = job_status(archive, job)
    outcome = {Path(f["path"]).name: f for f in status["files"]}
    assert outcome["paper.txt"]["status"] == "ingested" and outcome["note.md"]["status"] == "ingested"
    for bad in ("empty.txt", "xxe.xml", "fake.pdf", "missing.txt"):
        assert outcome[bad]["status"] == "failed" and outcome[bad]["message"], bad
        assert "\n" not in outcome[bad]["message"]
    assert status["counts"] == {"ingested": 2, "duplicate": 0, "failed": 4, "awaiting-ocr": 0}
    docs = [d for d in archive.browse(SYSTEM, ("document",), 0, 100).items if isinstance(d, Document)]
    paper = next(d for d in docs if d.originals and d.originals[0].filename == "paper.txt")
    assert len(paper.findings.footnotes) == 30 and paper.collections
    assert archive.originals.path_for(paper.originals[0].sha256).read_bytes() == SEED_PAPER.read_bytes()
    cited = archive.tree_summary(SYSTEM, [("repository", "RGAE"), ("fond", "413"), ("opis", "13"), ("delo", "5467")])
    assert cited.citations == 3  # footnotes 14, 28 and 30 point into RGAE f. 413 op. 13 d. 5467
    again = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,))))
    assert again["counts"]["duplicate"] == 2 and again["counts"]["ingested"] == 0
    assert len(archive.browse(SYSTEM, ("document",), 0, 100).items) == len(docs)


def _done(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM ingest_files").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_ingest_resumes_without_loss_or_doubles(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"letter-{n:02d}.txt").write_text(f"Letter {n}.\nShtykov to Stalin, {n + 1} May 1950.\n" * 20,
                                                    encoding="utf-8")
    data = tmp_path / "data"
    cmd = [sys.executable, "-m", "opis", "ingest", str(folder), "--data-dir", str(data), "--json"]
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while _done(data / "opis.sqlite3") < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = _done(data / "opis.sqlite3")
    assert 5 <= done_before < 40, "the kill must land mid-run"
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(data / "opis.sqlite3") as conn:
        docs = conn.execute("SELECT count(*) FROM records WHERE kind = 'document'").fetchone()[0]
        originals = conn.execute("SELECT count(*) FROM originals").fetchone()[0]
        orphans = conn.execute("SELECT count(*) FROM originals o WHERE NOT EXISTS (SELECT 1 FROM record_links l"
                               " WHERE l.target_id = 'original:' || o.sha256)").fetchone()[0]
        revs = conn.execute("SELECT max(number) FROM revisions").fetchone()[0]
    assert (docs, originals, orphans, revs) == (40, 40, 0, 1)


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_jobs_give_the_same_records(archive: Archive, tmp_path: Path, jobs: int) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for n in range(6):
        (folder / f"f{n}.txt").write_text(f"Document {n} of the batch, dated {n + 1} June 1950.", encoding="utf-8")
    status = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,), jobs=jobs)))
    assert status["counts"]["ingested"] == 6
    assert [Path(f["path"]).name for f in status["files"]] == [f"f{n}.txt" for n in range(6)]
    titles = sorted(d.title for d in archive.browse(SYSTEM, ("document",), 0, 10).items)
    assert titles[0].startswith("Document 0")


def test_saved_web_page_gets_its_real_title(archive: Archive, tmp_path: Path) -> None:
    page = tmp_path / "saved.txt"
    page.write_text("Skip to main content\nSupport\nBlog post\n\nPreparing for War: A Test Title\n\nBody text.\n",
                    encoding="utf-8")
    run_ingest(archive, IngestRequest(paths=(page,)))
    assert [d.title for d in archive.browse(SYSTEM, ("document",), 0, 5).items] == ["Preparing for War: A Test Title"]


def test_frus_documents_keep_their_notes_and_their_citations_are_read(archive: Archive, tmp_path: Path) -> None:
    """Issue 14: FRUS 1949 d191 has a source note and nine footnotes; ingest keeps them as the document's
    footnotes, and the citation extractor reads the notes (the FRUS volume cited in note 1, the State
    Department file in note 3)."""
    volume = SHARED / "data" / "frus" / "volumes" / "frus1949v07p2-excerpt.xml"
    if not volume.exists():
        pytest.skip("the shared FRUS excerpt is not here")
    folder = tmp_path / "frus"
    folder.mkdir()
    (folder / volume.name).write_bytes(volume.read_bytes())
    run_ingest(archive, IngestRequest(paths=(folder,)))
    (d191,) = [r for r in archive.browse(SYSTEM, limit=100).items
               if isinstance(r, Document) and r.source.endswith("#d191")]
    assert [n.number for n in d191.findings.footnotes][:3] == ["source", "1", "2"]
    assert len(d191.findings.footnotes) == 11
    cited = {(c.footnote, c.raw) for c in d191.findings.citations}
    assert ("1", "Foreign Relations, 1948, vol. vi, pp. 1337 and 1343 (footnote 4).") in cited
    assert ("3", "740.00119 Control (Korea)/12–2148") in cited
