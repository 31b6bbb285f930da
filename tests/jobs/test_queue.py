"""The PostgreSQL job queue (jobs.runner.OnQueue, store.queue) with real `opis worker` processes.

On the suite's private PostgreSQL cluster (CI=true fails rather than skips): a job is deferred in
the transaction that records the upload, or not at all; two workers drain a queue with nothing done
twice; a scan's pages are page jobs, and a worker killed with SIGKILL in the middle of one leaves that
page to another worker, and the document exists once. The scans are tests/data/images/
frus1949v07p2-d191-p1-3.tif and .scan.pdf (FRUS, public domain; see PROVENANCE.md there): a page of
OCR takes seconds, long enough to kill a worker mid-page.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from opis.config import Settings
from opis.jobs.ingest import IngestRequest
from opis.jobs.runner import INGEST_FILE, OCR_PAGE, OnQueue, give_up, runner_for
from opis.model import Status
from opis.store.archive import Archive
from opis.store.ingestlog import GAVE_UP, job_status, start_job
from opis.store.queue import (
    RETRIES,
    defer,
    delete_finished,
    ensure_schema,
    failed_without_outcome,
    make_app,
    put_back,
    queue_counts,
)
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.parametrize("database_url", ["postgresql"], indirect=True), pytest.mark.timeout(300)]

SCAN = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"
PDF_SCAN = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1-3.scan.pdf"


def _files(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"letter-{i:02d}.txt").write_text(f"Letter {i}.\nShtykov to Stalin, {i + 1} May 1950.\n" * 5,
                                                    encoding="utf-8")
    return folder


def _request(*paths: Path) -> IngestRequest:
    return IngestRequest(paths=paths, actor="tester", names_only=True, status=Status.DRAFT)


def _count(archive: Archive, sql: str) -> int:
    with archive.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def _starts(archive: Archive) -> list[int]:
    """How many times each queued job was started (procrastinate's events)."""
    with archive.engine.connect() as conn:
        return [int(n) for n in conn.execute(text(
            "SELECT count(e.id) FROM procrastinate_jobs j LEFT JOIN procrastinate_events e ON e.job_id = j.id "
            "AND e.type = 'started' GROUP BY j.id ORDER BY j.id")).scalars()]


@contextmanager
def _worker(settings: Settings, name: str, stalled: float = 30.0,
            extra: list[str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """An `opis worker` process of its own session (so SIGKILL reaches its parser children too)."""
    env = {**os.environ, "OPIS_DATABASE_URL": settings.url, "OPIS_DATA_DIR": str(settings.data_dir),
           "OPIS_LOAD_SAMPLE": "false", "OPIS_JOB_QUEUE": "postgres"}
    log = settings.data_dir.parent / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "opis", "worker", "--name", name, "--heartbeat", "0.5",
                                 "--stalled", str(stalled), "--poll", "0.5", *(extra or [])],
                                env=env, stdout=out, stderr=out, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _listening(archive: Archive, n: int) -> None:
    """Wait until ``n`` workers have registered with the queue (procrastinate_workers)."""
    end = time.monotonic() + 60
    while _count(archive, "SELECT count(*) FROM procrastinate_workers") < n:
        assert time.monotonic() < end, "the workers did not start"
        time.sleep(0.1)


def _wait(archive: Archive, job: str, deadline_s: float, logs: list[Path]) -> dict[str, object]:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        status = job_status(archive, job)
        if status["status"] == "finished":
            return status
        time.sleep(0.2)
    shown = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    raise AssertionError(f"job {job} not finished in {deadline_s} s: {job_status(archive, job)}\n{shown}")


def test_a_job_is_queued_with_its_upload_or_not_at_all(archive: Archive, settings: Settings,
                                                       tmp_path: Path) -> None:
    ensure_schema(archive.engine)
    app = make_app(settings.url)

    def enqueue_then_fail(conn: object, job: str) -> None:
        defer(conn, app, INGEST_FILE, [{"job": job, "position": 1}])  # type: ignore[arg-type]
        assert _count(archive, "SELECT count(*) FROM procrastinate_jobs") == 0  # not visible outside yet
        raise RuntimeError("the upload's transaction fails after deferring")

    with pytest.raises(RuntimeError):
        start_job(archive, "tester", 1, {}, enqueue_then_fail)
    assert _count(archive, "SELECT count(*) FROM procrastinate_jobs") == 0
    assert _count(archive, "SELECT count(*) FROM ingest_jobs") == 0

    runner = runner_for(archive, Settings(data_dir=settings.data_dir, database_url=settings.url,
                                          job_queue="postgres"))
    assert isinstance(runner, OnQueue)
    job = runner.submit(_request(_files(tmp_path / "in", 3)))
    assert queue_counts(archive.engine) == {"todo": 3}
    status = job_status(archive, job)
    assert (status["status"], status["total"], status["done"]) == ("queued", 3, 0)
    assert "files" not in status["options"] and status["options"]["status"] == "draft"
    staged = sorted(p.name for p in settings.incoming_dir.glob("*/*"))
    assert staged == ["letter-00.txt", "letter-01.txt", "letter-02.txt"]


def test_two_workers_drain_the_queue_with_nothing_done_twice(archive: Archive, settings: Settings,
                                                             tmp_path: Path) -> None:
    folder = _files(tmp_path / "in", 12)
    (folder / "letter-copy.txt").write_bytes((folder / "letter-03.txt").read_bytes())  # the same bytes again
    runner = OnQueue(archive, settings.incoming_dir)
    with _worker(settings, "w1"), _worker(settings, "w2"):
        _listening(archive, 2)  # both wait for work before any is queued, so both get some
        job = runner.submit(_request(folder))
        again = runner.submit(_request(folder / "letter-05.txt"))  # a second upload of stored-to-be bytes
        status = _wait(archive, job, 180, [tmp_path / "w1.log", tmp_path / "w2.log"])
        second = _wait(archive, again, 60, [tmp_path / "w1.log", tmp_path / "w2.log"])
    assert status["counts"] == {"ingested": 12, "duplicate": 1, "failed": 0, "awaiting-ocr": 0}
    assert second["counts"]["duplicate"] == 1
    assert _count(archive, "SELECT count(*) FROM records WHERE kind = 'document'") == 12
    assert _count(archive, "SELECT count(*) FROM originals") == 12
    assert _count(archive, "SELECT max(number) FROM revisions") == 1
    # Each queued job ran once: one start, no retry, and each ended well.
    assert queue_counts(archive.engine) == {"succeeded": 14}
    assert _starts(archive) == [1] * 14
    assert not list(settings.incoming_dir.glob("*/*")), "staged copies are removed once recorded"
    took = {w: sum(" took job-" in line for line in (tmp_path / f"{w}.log").read_text().splitlines())
            for w in ("w1", "w2")}
    assert sum(took.values()) == 14 and min(took.values()) >= 1, took


def _page_jobs(archive: Archive, state: str) -> int:
    return _count(archive, f"SELECT count(*) FROM procrastinate_jobs WHERE task_name = '{OCR_PAGE}' "
                           f"AND status = '{state}'")


def test_a_worker_killed_mid_page_leaves_that_page_to_another(archive: Archive, settings: Settings,
                                                              tmp_path: Path) -> None:
    """The scan's three pages are three page jobs; the worker is killed (SIGKILL, its parser with it)
    in the middle of one; another worker reads that page and the one left, not the page already kept,
    and the file is assembled and committed once."""
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / SCAN.name).write_bytes(SCAN.read_bytes())
    job = OnQueue(archive, settings.incoming_dir).submit(_request(folder))
    with _worker(settings, "doomed") as doomed:
        end = time.monotonic() + 180
        # Kill it once one page is kept and the next is being read.
        while not (_count(archive, "SELECT count(*) FROM ocr_pages") >= 1 and _page_jobs(archive, "doing") == 1):
            assert time.monotonic() < end and doomed.poll() is None, (tmp_path / "doomed.log").read_text()
            time.sleep(0.05)
        time.sleep(0.5)  # into the OCR of that page
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
    kept = _count(archive, "SELECT count(*) FROM ocr_pages")
    assert job_status(archive, job)["done"] == 0 and kept < 3, "the kill must land mid-page"
    assert _page_jobs(archive, "doing") == 1  # the dead worker's page job, until someone notices
    with _worker(settings, "rescuer", stalled=2.0):
        status = _wait(archive, job, 240, [tmp_path / "rescuer.log"])
    assert status["counts"]["ingested"] == 1 and status["files"][0]["pages"] == 3
    assert status["ocr_pages"] == {"read": 3, "total": 3}
    assert _count(archive, "SELECT count(*) FROM records WHERE kind = 'document'") == 1
    assert _count(archive, "SELECT count(*) FROM originals") == 1
    assert _count(archive, "SELECT count(*) FROM ingest_files") == 1
    assert _count(archive, "SELECT count(*) FROM ocr_pages") == 3
    assert _count(archive, "SELECT count(*) FROM ocr_plans WHERE assembling = 1") == 1
    # The file job (it queued the pages), three page jobs, one assembly: all ended well. The page
    # being read at the kill was started twice; the pages kept before it, once.
    assert queue_counts(archive.engine) == {"succeeded": 5}
    with archive.engine.connect() as conn:
        starts = dict(conn.execute(text(
            "SELECT (j.args->>'page')::int, count(e.id) FROM procrastinate_jobs j JOIN procrastinate_events e "
            "ON e.job_id = j.id AND e.type = 'started' WHERE j.task_name = :t GROUP BY j.id"),
            {"t": OCR_PAGE}).all())
    assert sorted(starts.values()) == [1, 1, 2] and sum(n == 1 for n in starts.values()) >= kept
    assert not list(settings.incoming_dir.glob("*/*")), "the staged copy is removed once recorded"


def test_two_workers_read_a_scans_pages_and_assemble_it_once(archive: Archive, settings: Settings,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / PDF_SCAN.name).write_bytes(PDF_SCAN.read_bytes())
    (folder / "again.pdf").write_bytes(PDF_SCAN.read_bytes())  # the same bytes under another name
    ensure_schema(archive.engine)  # before the workers: waiting for them reads the queue's tables
    with _worker(settings, "w1"), _worker(settings, "w2"):
        _listening(archive, 2)
        job = OnQueue(archive, settings.incoming_dir).submit(_request(folder))
        status = _wait(archive, job, 240, [tmp_path / "w1.log", tmp_path / "w2.log"])
    assert status["counts"] == {"ingested": 1, "duplicate": 1, "failed": 0, "awaiting-ocr": 0}
    assert _count(archive, "SELECT count(*) FROM records WHERE kind = 'document'") == 1
    assert _count(archive, "SELECT count(*) FROM ocr_pages") == 3
    # Each file planned its three pages (the copy's page jobs find them kept: a page job of the same
    # bytes and page waits for the other, one lock); each file job ran twice, to plan and to assemble.
    assert _count(archive, f"SELECT count(*) FROM procrastinate_jobs WHERE task_name = '{OCR_PAGE}'") == 6
    assert _count(archive, f"SELECT count(*) FROM procrastinate_jobs WHERE task_name = '{INGEST_FILE}'") == 4
    assert _count(archive, "SELECT count(*) FROM ocr_plans WHERE assembling = 1") == 2
    assert queue_counts(archive.engine) == {"succeeded": 10}
    assert _starts(archive) == [1] * 10
    read = sum((tmp_path / f"{w}.log").read_text().count(" read page ") for w in ("w1", "w2"))
    assert read == 3, "each page is read once, whichever file job planned it"


def test_opis_ingest_follows_a_queued_job_in_the_store(archive: Archive, settings: Settings, tmp_path: Path) -> None:
    """`opis ingest` with OPIS_JOB_QUEUE=postgres queues the files and waits for the worker's outcomes."""
    folder = _files(tmp_path / "in", 3)
    env = {**os.environ, "OPIS_DATABASE_URL": settings.url, "OPIS_DATA_DIR": str(settings.data_dir),
           "OPIS_LOAD_SAMPLE": "false", "OPIS_JOB_QUEUE": "postgres"}
    with _worker(settings, "w1"):
        done = subprocess.run([sys.executable, "-m", "opis", "ingest", str(folder), "--json"], env=env,
                              capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["status"] == "finished" and status["counts"]["ingested"] == 3
    assert sorted(f["path"] for f in status["files"]) == ["letter-00.txt", "letter-01.txt", "letter-02.txt"]
    assert "queued as job-" in done.stderr
    assert _count(archive, "SELECT count(*) FROM records WHERE kind = 'document'") == 3


def test_a_queued_upload_of_no_readable_file_is_finished_at_once(archive: Archive, settings: Settings,
                                                                  tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    job = OnQueue(archive, settings.incoming_dir).submit(_request(empty))
    status = job_status(archive, job)
    assert (status["status"], status["total"]) == ("finished", 0) and status["finished_at"]
    assert queue_counts(archive.engine) == {}



def test_a_file_whose_job_keeps_failing_is_failed_and_ends_its_job(archive: Archive, settings: Settings,
                                                                    tmp_path: Path) -> None:
    """Retries run out: the file gets a failed outcome, the ingest job ends "failed", not "queued".

    The failing file is a queued entry with its content hash missing, so every run of its task raises
    (KeyError) before it touches the store: it stands for any error that repeats (a file that crashes
    its parser's host, a store refusing a row). The other file of the job is ingested as usual."""
    folder = _files(tmp_path / "in", 2)
    job = OnQueue(archive, settings.incoming_dir).submit(_request(folder))
    with archive.engine.begin() as conn:  # break file 2's entry
        options = json.loads(conn.execute(text("SELECT options FROM ingest_jobs WHERE id = :j"),
                                          {"j": job}).scalar_one())
        del options["files"][1]["sha256"]
        conn.execute(text("UPDATE ingest_jobs SET options = :o WHERE id = :j"), {"o": json.dumps(options), "j": job})
    with _worker(settings, "w1", extra=["--retry-wait", "1"]):
        end = time.monotonic() + 120
        while job_status(archive, job)["status"] == "queued":
            assert time.monotonic() < end, (tmp_path / "w1.log").read_text()[-3000:]
            time.sleep(0.2)
    status = job_status(archive, job)
    assert status["status"] == "failed" and status["finished_at"]
    assert status["counts"] == {"ingested": 1, "duplicate": 0, "failed": 1, "awaiting-ocr": 0}
    failed = status["files"][1]
    assert failed["path"] == "letter-01.txt" and failed["message"].endswith(GAVE_UP)
    assert "tried 5 times" in failed["message"]  # the first run and RETRIES retries
    assert queue_counts(archive.engine) == {"succeeded": 1, "failed": 1}
    assert sorted(_starts(archive)) == [1, 1 + RETRIES]
    assert "letter-01.txt: failed" in (tmp_path / "w1.log").read_text()


def test_a_job_that_kills_its_workers_is_failed_not_put_back_forever(archive: Archive, settings: Settings) -> None:
    """put_back ends a job as failed once its workers died under it RETRIES times."""
    ensure_schema(archive.engine)
    app = make_app(settings.url)
    job = start_job(archive, "tester", 1, {"files": [{"name": "killer.tif"}]},
                    lambda conn, j: defer(conn, app, INGEST_FILE, [{"job": j, "position": 1}]))
    with archive.engine.begin() as conn:  # as if taken by a worker that died, RETRIES times already
        conn.execute(text("UPDATE procrastinate_jobs SET status = 'doing', attempts = :n"), {"n": RETRIES})
    queued = _count(archive, "SELECT id FROM procrastinate_jobs")
    assert put_back(archive.engine, queued, None) == "failed (its workers died too often)"
    assert queue_counts(archive.engine) == {"failed": 1}
    assert put_back(archive.engine, queued, None) is None  # not running any more: nothing to do
    assert [u.position for u in failed_without_outcome(archive.engine, INGEST_FILE)] == [1]
    give_up(archive, settings.incoming_dir, job, 1, RETRIES + 1)
    assert failed_without_outcome(archive.engine, INGEST_FILE) == []
    assert job_status(archive, job)["status"] == "failed"


def test_ended_queued_jobs_are_deleted_after_keep_hours(archive: Archive, settings: Settings, tmp_path: Path) -> None:
    """delete_finished takes succeeded jobs older than keep_hours, and failed ones only once recorded;
    a worker run with --keep-hours 0 deletes its finished jobs by itself, leaving the ingest job's rows."""
    ensure_schema(archive.engine)
    app = make_app(settings.url)
    job = start_job(archive, "tester", 2, {"files": [{"name": "a"}, {"name": "b"}]},
                    lambda conn, j: defer(conn, app, INGEST_FILE, [{"job": j, "position": n} for n in (1, 2)]))
    with archive.engine.begin() as conn:  # job 1 succeeded, job 2 failed, both two hours ago
        conn.execute(text("UPDATE procrastinate_jobs SET status = CASE WHEN args->>'position' = '1' "
                          "THEN 'succeeded' ELSE 'failed' END::procrastinate_job_status"))
        conn.execute(text("UPDATE procrastinate_events SET at = now() - interval '2 hours'"))
    assert delete_finished(archive.engine, 3) == 0  # younger than three hours
    assert delete_finished(archive.engine, 1) == 1  # the succeeded one; the failed one has no outcome yet
    assert queue_counts(archive.engine) == {"failed": 1}
    give_up(archive, settings.incoming_dir, job, 2, 1)
    assert delete_finished(archive.engine, 1) == 1
    assert queue_counts(archive.engine) == {}
    assert _count(archive, "SELECT count(*) FROM procrastinate_events") == 0

    later = OnQueue(archive, settings.incoming_dir).submit(_request(_files(tmp_path / "in", 2)))
    with _worker(settings, "w1", extra=["--keep-hours", "0", "--cleanup-every", "0.5"]):
        _wait(archive, later, 120, [tmp_path / "w1.log"])
        end = time.monotonic() + 30
        while queue_counts(archive.engine):
            assert time.monotonic() < end, queue_counts(archive.engine)
            time.sleep(0.2)
    assert job_status(archive, later)["counts"]["ingested"] == 2
    assert _count(archive, "SELECT count(*) FROM ingest_files") == 3  # the given-up file and the two letters
