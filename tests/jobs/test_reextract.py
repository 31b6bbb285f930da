"""Re-extraction (jobs.reextract) and the queued reindex (store.reextract.mark_for_reindex), on SQLite
in-process and on PostgreSQL through a real `opis worker`. An extractor vocabulary change is simulated
by deleting findings in the store (a revision saved as an older extractor would have left it): the run
finds them again, once; a second run changes nothing; a rejected statement stays rejected. The files are
FRUS 1949 vol. VII part 2 doc. 191 as a web page and a minimal TEI file (public domain;
tests/data/ingest/PROVENANCE.md)."""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from opis.cli import app
from opis.config import Settings
from opis.extract.bounded import ExtractorPool
from opis.index import SearchIndex
from opis.index.indexer import Indexer
from opis.jobs.ingest import IngestRequest, authority_index, run_ingest
from opis.jobs.reextract import run_batch
from opis.jobs.runner import REEXTRACT, InProcess, OnQueue, runner_for
from opis.model import Document, Status
from opis.store import statements
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.reextract import document_ids, run_status, start_run
from tests.conftest import REPO_ROOT

HTML = REPO_ROOT / "tests" / "data" / "ingest" / "frus1949v07p2-d191.web.html"
TEI = REPO_ROOT / "tests" / "data" / "ingest" / "minimal-tei.xml"


def _ingest(archive: Archive) -> dict[str, Document]:
    run_ingest(archive, IngestRequest(paths=(HTML, TEI), actor="tester", names_only=True, status=Status.DRAFT))
    docs = [d for d in archive.get_many(document_ids(archive), SYSTEM) if isinstance(d, Document)]
    assert len(docs) == 2
    return {"html" if d.findings.dates else "tei": d for d in docs}


def _forget_dates(archive: Archive, doc: Document) -> int:
    """Save ``doc`` without its dates, as an extractor without the date vocabulary would have; its revision."""
    lost = doc.model_copy(update={"findings": doc.findings.model_copy(update={"dates": []})})
    return archive.put(lost, "old-extractor").revision


def _revisions(archive: Archive) -> dict[str, int]:
    with archive.engine.connect() as conn:
        return {str(r[0]): int(r[1]) for r in conn.execute(text("SELECT id, revision FROM records WHERE kind = "
                                                                "'document'"))}


def _until_done(archive: Archive, run: str, deadline_s: float = 180, logs: list[Path] | None = None) -> dict[str, Any]:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        status = run_status(archive, run)
        if status["status"] != "running":
            return status
        time.sleep(0.1)
    shown = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs or [] if p.exists())
    raise AssertionError(f"re-extraction {run} did not end: {run_status(archive, run)}\n{shown}")


def test_a_lost_finding_is_found_again_once_and_a_rejected_statement_stays_rejected(archive: Archive) -> None:
    docs = _ingest(archive)
    html = docs["html"]
    stored = statements.of_document(archive, html.id, SYSTEM)
    assert len(stored) >= 2
    statements.review(archive, stored[0].id, "reject", SYSTEM)
    lost_at = _forget_dates(archive, html)
    before = _revisions(archive)
    ids = document_ids(archive)
    run = start_run(archive, "tester", {"collection": None, "ids": []}, ids, batch=1)
    with ExtractorPool(1, authority_index(archive)) as extractor:
        changed = [run_batch(archive, extractor, run, n) for n in (1, 2)]
        assert sorted(changed, key=str) == [0, 1]
        assert [run_batch(archive, extractor, run, n) for n in (1, 2)] == [None, None]  # done: skipped
        again = start_run(archive, "tester", {}, ids, batch=5)  # a second run: nothing left to change
        assert run_batch(archive, extractor, again, 1) == 0
    after = _revisions(archive)
    assert after == {**before, html.id: lost_at + 1}
    fresh = archive.get(html.id, SYSTEM)
    assert isinstance(fresh, Document) and fresh.findings == html.findings
    assert archive.revisions(html.id, SYSTEM)[-1].actor == "tester"
    kept = {s.id: s.status for s in statements.of_document(archive, html.id, SYSTEM, rejected=True)}
    assert kept[stored[0].id] == "rejected" and stored[0].id not in {
        s.id for s in statements.of_document(archive, html.id, SYSTEM)}
    status = run_status(archive, run)
    assert (status["status"], status["done"], status["total"], status["changed"], status["batches_done"]) == (
        "done", 2, 2, 1, 2)


def test_a_collection_or_listed_ids_limit_the_run(archive: Archive) -> None:
    docs = _ingest(archive)
    assert document_ids(archive, ids=[docs["tei"].id, "doc-nothing"]) == [docs["tei"].id]
    assert document_ids(archive, collection="collection-none") == []
    assert run_status(archive, start_run(archive, "tester", {}, []))["status"] == "done"  # nothing to do


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_on_sqlite_the_runner_re_extracts_in_a_thread(archive: Archive, settings: Settings) -> None:
    docs = _ingest(archive)
    lost_at = _forget_dates(archive, docs["html"])
    runner = runner_for(archive, settings)
    assert isinstance(runner, InProcess)
    status = _until_done(archive, runner.reextract("tester", {}, document_ids(archive)))
    assert (status["done"], status["changed"], status["failed"]) == (2, 1, 0)
    assert _revisions(archive)[docs["html"].id] == lost_at + 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_opis_reextract_follows_the_run_and_prints_json(archive: Archive, settings: Settings,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _ingest(archive)
    _forget_dates(archive, docs["html"])
    env = {"OPIS_DATA_DIR": str(settings.data_dir), "OPIS_DATABASE_URL": settings.url, "OPIS_LOAD_SAMPLE": "false"}
    result = CliRunner().invoke(app, ["reextract", "--json"], env=env)
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert (said["status"], said["done"], said["total"], said["changed"]) == ("done", 2, 2, 1)
    again = CliRunner().invoke(app, ["reextract", docs["html"].id, "--json"], env=env)
    assert json.loads(again.stdout)["changed"] == 0 and json.loads(again.stdout)["total"] == 1
    bad = CliRunner().invoke(app, ["reextract", "doc-nothing"], env=env)
    assert bad.exit_code == 1 and "no" in bad.output


def test_a_queued_reindex_reaches_a_nodes_index(archive: Archive, settings: Settings, tmp_path: Path) -> None:
    docs = _ingest(archive)
    index = SearchIndex.open(tmp_path / "node-index")
    try:
        indexer = Indexer(archive, index)
        indexer.catch_up()
        assert indexer.pending() == 0
        # A change the index never heard of (written behind the outbox, as an index built by an older
        # analysis never saw it): only a reindex brings it in.
        with archive.engine.begin() as conn:
            conn.execute(text("UPDATE records SET data = replace(data, :a, :b) WHERE id = :id"),
                         {"a": docs["tei"].title, "b": "Zanzibar telegram", "id": docs["tei"].id})
        env = {"OPIS_DATA_DIR": str(settings.data_dir), "OPIS_DATABASE_URL": settings.url,
               "OPIS_LOAD_SAMPLE": "false"}
        result = CliRunner().invoke(app, ["reindex", "--queue", "--json"], env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["marked"] == 2
        assert indexer.pending() == 2 and indexer.catch_up() == 2
        from tests.index.corpus import ids, run

        assert ids(run(index, "zanzibar", viewer=SYSTEM)) == [docs["tei"].id]
    finally:
        index.release_writer()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_a_worker_killed_mid_batch_leaves_it_to_another_with_no_revision_twice(
        archive: Archive, settings: Settings, tmp_path: Path) -> None:
    from opis.store.queue import ensure_schema, queue_counts
    from tests.jobs.test_queue import _count, _listening, _worker

    docs = _ingest(archive)
    lost_at = _forget_dates(archive, docs["html"])
    before = _revisions(archive)
    queued = replace(settings, job_queue="postgres")
    ensure_schema(archive.engine)
    runner = runner_for(archive, queued)
    assert isinstance(runner, OnQueue)
    run = runner.reextract("tester", {}, document_ids(archive))  # one batch (100 a batch)
    assert run_status(archive, run)["done"] == 0  # recorded with its job; nobody runs it yet
    with _worker(queued, "doomed") as doomed:
        end = time.monotonic() + 120
        while _count(archive, f"SELECT count(*) FROM procrastinate_jobs WHERE task_name = '{REEXTRACT}' "
                              "AND status = 'doing'") < 1:
            assert time.monotonic() < end, "the worker did not take the batch"
            time.sleep(0.01)
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
    # Killed mid-batch: its extraction child takes a while to start, so nothing of the batch is saved.
    assert run_status(archive, run)["batches_done"] == 0 and _revisions(archive) == before
    with _worker(queued, "rescuer", stalled=2.0):
        _listening(archive, 1)
        status = _until_done(archive, run, logs=[tmp_path / "doomed.log", tmp_path / "rescuer.log"])
    assert (status["done"], status["changed"], status["failed"]) == (2, 1, 0)
    assert _revisions(archive) == {**before, docs["html"].id: lost_at + 1}
    assert queue_counts(archive.engine) == {"succeeded": 1}
    # A second run through the queue finds nothing to change.
    with _worker(queued, "again"):
        _listening(archive, 1)
        again = _until_done(archive, runner.reextract("tester", {}, document_ids(archive)))
    assert again["changed"] == 0 and _revisions(archive) == {**before, docs["html"].id: lost_at + 1}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_in_process_run_that_breaks_says_why_and_keeps_its_done_batches(
        archive: Archive, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import opis.jobs.runner as runner_module

    docs = _ingest(archive)
    lost_at = _forget_dates(archive, docs["html"])
    real = runner_module.run_batch

    def second_breaks(archive: Archive, extractor: ExtractorPool, run: str, number: int) -> int | None:
        if number == 2:
            raise OSError("disk full")
        return real(archive, extractor, run, number)

    monkeypatch.setattr(runner_module, "run_batch", second_breaks)
    monkeypatch.setattr("opis.store.reextract.BATCH", 1)
    env = {"OPIS_DATA_DIR": str(settings.data_dir), "OPIS_DATABASE_URL": settings.url, "OPIS_LOAD_SAMPLE": "false"}
    result = CliRunner().invoke(app, ["reextract", "--json"], env=env)
    assert result.exit_code == 1 and "disk full" in result.output
    said = json.loads(result.stdout)
    assert (said["status"], said["batches"], said["batches_done"], said["done"]) == ("broken", 2, 1, 1)
    # Batch 1 (the first id) is saved and kept; batch 2 never ran.
    first = document_ids(archive)[0] == docs["html"].id
    assert _revisions(archive)[docs["html"].id] == lost_at + (1 if first else 0)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_a_batch_the_workers_gave_up_on_breaks_the_run(archive: Archive, settings: Settings) -> None:
    from opis.jobs.runner import reextract_given_up
    from opis.store.queue import ensure_schema

    _ingest(archive)
    ensure_schema(archive.engine)
    runner = runner_for(archive, replace(settings, job_queue="postgres"))
    run = runner.reextract("tester", {}, document_ids(archive))
    assert not reextract_given_up(archive, run) and run_status(archive, run)["status"] == "running"
    with archive.engine.begin() as conn:  # as procrastinate leaves a job whose every try raised
        conn.execute(text("UPDATE procrastinate_jobs SET status = 'failed', attempts = 5 WHERE task_name = :t"),
                     {"t": REEXTRACT})
    assert reextract_given_up(archive, run)
    status = run_status(archive, run)
    assert status["status"] == "broken" and "batch 1 (5 tries)" in status["message"]
