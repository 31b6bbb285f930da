"""The PostgreSQL job queue (jobs.runner.OnQueue, store.queue) with real `opis worker` processes.

On the suite's private PostgreSQL cluster (CI=true fails rather than skips): a job is deferred in
the transaction that records the upload, or not at all; two workers drain a queue with nothing done
twice; a worker killed with SIGKILL in the middle of an OCR job leaves it to another worker, and the
document exists once. The scan is tests/data/images/frus1949v07p2-d191-p1-3.tif (FRUS, public
domain; see PROVENANCE.md there): three pages of OCR take seconds, long enough to kill a worker mid-job.
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
from opis.jobs.runner import INGEST_FILE, OnQueue, runner_for
from opis.model import Status
from opis.store.archive import Archive
from opis.store.ingestlog import job_status, start_job
from opis.store.queue import defer, ensure_schema, make_app, queue_counts
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.parametrize("database_url", ["postgresql"], indirect=True), pytest.mark.timeout(300)]

SCAN = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"


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
def _worker(settings: Settings, name: str, stalled: float = 30.0) -> Iterator[subprocess.Popen[bytes]]:
    """An `opis worker` process of its own session (so SIGKILL reaches its parser children too)."""
    env = {**os.environ, "OPIS_DATABASE_URL": settings.url, "OPIS_DATA_DIR": str(settings.data_dir),
           "OPIS_LOAD_SAMPLE": "false", "OPIS_JOB_QUEUE": "postgres"}
    log = settings.data_dir.parent / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "opis", "worker", "--name", name, "--heartbeat", "0.5",
                                 "--stalled", str(stalled), "--poll", "0.5"], env=env, stdout=out, stderr=out,
                                start_new_session=True)
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


def test_a_worker_killed_mid_ocr_leaves_its_job_to_another(archive: Archive, settings: Settings,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / SCAN.name).write_bytes(SCAN.read_bytes())
    job = OnQueue(archive, settings.incoming_dir).submit(_request(folder))
    with _worker(settings, "doomed") as doomed:
        end = time.monotonic() + 120
        while queue_counts(archive.engine).get("doing", 0) == 0:
            assert time.monotonic() < end and doomed.poll() is None, (tmp_path / "doomed.log").read_text()
            time.sleep(0.05)
        time.sleep(1.0)  # into the OCR of the first page
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
    assert job_status(archive, job)["done"] == 0, "the kill must land mid-job"
    assert queue_counts(archive.engine) == {"doing": 1}  # the dead worker's job, until someone notices
    with _worker(settings, "rescuer", stalled=2.0):
        status = _wait(archive, job, 180, [tmp_path / "rescuer.log"])
    assert status["counts"]["ingested"] + status["counts"]["awaiting-ocr"] == 1
    assert _count(archive, "SELECT count(*) FROM records WHERE kind = 'document'") == 1
    assert _count(archive, "SELECT count(*) FROM originals") == 1
    assert _count(archive, "SELECT count(*) FROM ingest_files") == 1
    assert queue_counts(archive.engine) == {"succeeded": 1}
    assert _starts(archive) == [2]  # started by the killed worker, put back, started and finished by the other


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

