"""The whole cluster of docs/scale-out.md on loopback, started once for this module
(tests/support/cluster.py ``whole_cluster``): a PostgreSQL primary and its streaming hot standby,
two `opis serve` nodes behind haproxy writing through the multi-host URL and sending anonymous reads
to the standby, and two `opis worker` processes on the PostgreSQL job queue.

The tests share that one cluster to keep the module's time to about two minutes, so they run in
file order and each leaves the cluster as the next expects: the worker test kills a worker, the
promotion test loses the primary, the last test kills node B. Without haproxy or PostgreSQL binaries
they skip, except with CI=true (.ci/run installs both), where they fail.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from opis.ingest.ocr.tesseract import ocr_available
from opis.store.db import make_engine
from opis.store.ingestlog import job_status
from tests.conftest import IN_CI, REPO_ROOT
from tests.support.cluster import Node, WholeCluster, Worker, haproxy_binary, whole_cluster
from tests.support.people import api_token
from tests.support.postgres import PostgresUnavailable
from tests.support.replicas import unavailable

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(240)]

SCAN = REPO_ROOT / "tests" / "data" / "images" / "frus1949v07p2-d191-p1.png"  # one FRUS page (PROVENANCE.md)


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WholeCluster]:
    if haproxy_binary() is None:
        if IN_CI:
            pytest.fail("haproxy is required in CI (.ci/run installs it)")
        pytest.skip("haproxy not installed (apt-get install haproxy)")
    try:
        with whole_cluster(tmp_path_factory.mktemp("cluster")) as started:
            yield started
    except PostgresUnavailable as exc:
        unavailable(exc, IN_CI)


@pytest.fixture(scope="module")
def editor(whole: WholeCluster) -> str:
    return api_token(whole.archive, "editor")


@pytest.fixture(scope="module")
def contributor(whole: WholeCluster) -> str:
    return api_token(whole.archive, "contributor")


def _call(url: str, token: str | None = None, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    headers = {"accept": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data, headers["content-type"] = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except OSError:  # refused or cut: the caller counts it as not answered
        return 0, None


def _save(url: str, token: str, word: str) -> tuple[int, Any]:
    body = {"title": f"Report on the {word} harvest", "genre": "report", "languages": ["en"], "status": "published"}
    return _call(f"{url}/api/documents?message=cluster+test", token, body)


def _until(what: Callable[[], bool], seconds: float, why: Callable[[], str]) -> float:
    """Seconds until ``what()`` held; fails with ``why()`` after ``seconds``."""
    start = time.monotonic()
    while not what():
        assert time.monotonic() - start < seconds, why()
        time.sleep(0.05)
    return time.monotonic() - start


def _found(node: Node, word: str, token: str | None = None) -> int:
    status, page = _call(f"{node.url}/api/search?q={word}&limit=100", token)
    return int(page["total"]) if status == 200 else -1


def _logs(whole: WholeCluster) -> str:
    web = whole.web
    parts = [(p.name, p.read_text(errors="replace")[-2500:]) for p in
             [*(n.log for n in web.nodes), *(w.log for w in web.workers)] if p.exists()]
    return "\n".join(f"--- {name}\n{tail}" for name, tail in parts)


def test_a_save_on_one_node_is_found_on_the_other_within_a_second(whole: WholeCluster, editor: str) -> None:
    a, b = whole.web.nodes
    word = f"kolkhoz{uuid.uuid4().hex[:8]}"
    status, created = _save(a.url, editor, word)
    assert status == 201, created
    # Anonymous: node B's index follows the outbox, and its store check reads the standby.
    took = _until(lambda: _found(b, word) == 1, 5, lambda: "node B never found node A's save")
    assert took < 1.0, f"node B found it after {took:.2f} s"
    print(f"node B found node A's save {took:.2f} s after A answered")
    assert _call(f"{b.url}/api/search?q={word}")[1]["hits"][0]["id"] == created["id"]


def test_the_standby_serves_anonymous_reads_and_refuses_writes(whole: WholeCluster, editor: str) -> None:
    pair, (a, b) = whole.pair, whole.web.nodes
    pair.pause_replay()  # the standby receives WAL but applies none: reads there miss the next save
    try:
        status, created = _save(whole.web.front, editor, f"sovnarkom{uuid.uuid4().hex[:8]}")
        assert status == 201, created
        for node in (a, b):
            assert _call(f"{node.url}/api/documents/{created['id']}")[0] == 404  # anonymous: the standby
            assert _call(f"{node.url}/api/documents/{created['id']}", editor)[0] == 200  # staff: the primary
    finally:
        pair.resume_replay()
    pair.wait_replayed()
    for node in (a, b):
        assert _call(f"{node.url}/api/documents/{created['id']}")[0] == 200
    standby = make_engine(pair.standby.url(whole.database))
    try:
        with standby.connect() as conn:
            assert conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
        with pytest.raises(DBAPIError, match="read-only transaction"), standby.begin() as conn:
            conn.execute(text("UPDATE records SET data = data WHERE id = :id"), {"id": created["id"]})
    finally:
        standby.dispose()


def _running_ocr(workers: list[Worker]) -> Worker | None:
    """The worker one of whose descendants is a tesseract process (the OCR of a page, under way)."""
    parents: dict[int, int] = {}
    ocr: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(rest[1])
        if name.startswith("tesseract"):
            ocr.append(int(entry))
    by_pid = {w.proc.pid: w for w in workers if w.proc.poll() is None}
    for pid in ocr:
        while pid > 1:
            if pid in by_pid:
                return by_pid[pid]
            pid = parents.get(pid, 1)
    return None


def test_a_killed_workers_job_completes_on_the_other_with_nothing_duplicated(whole: WholeCluster,
                                                                            contributor: str) -> None:
    if not ocr_available():
        if IN_CI:
            pytest.fail("tesseract is required in CI")
        pytest.skip("tesseract not installed")
    token = contributor
    sent = httpx.post(f"{whole.web.front}/api/ingest", headers={"authorization": f"Bearer {token}"}, timeout=30,
                      files={"files": (SCAN.name, SCAN.read_bytes(), "image/png")})
    assert sent.status_code == 202, sent.text
    job = sent.json()["job"]
    doomed: list[Worker] = []

    def ocr_started() -> bool:
        doomed.extend(w for w in [_running_ocr(whole.web.workers)] if w)
        return bool(doomed)

    _until(ocr_started, 120, lambda: f"no worker started the OCR:\n{_logs(whole)}")
    doomed[0].kill()
    assert job_status(whole.archive, job)["done"] == 0, "the kill must land mid-job"
    rescuer = next(w for w in whole.web.workers if w is not doomed[0])
    b = whole.web.nodes[1]

    def finished() -> bool:
        status, found = _call(f"{b.url}/api/ingest/{job}", token)
        assert status == 200, found
        return bool(found["status"] != "queued")

    _until(finished, 150, lambda: f"the job never finished:\n{_logs(whole)}")
    status = job_status(whole.archive, job)
    assert status["status"] == "finished", status
    assert status["counts"].get("ingested", 0) + status["counts"].get("awaiting-ocr", 0) == 1, status
    with whole.archive.engine.connect() as conn:
        sha = conn.execute(text("SELECT sha256 FROM ingest_files WHERE job_id = :j"), {"j": job}).scalars().all()
        assert len(sha) == 1
        assert conn.execute(text("SELECT count(*) FROM originals WHERE sha256 = :s"), {"s": sha[0]}).scalar_one() == 1
        documents = conn.execute(text("SELECT count(*) FROM records WHERE kind = 'document' AND data LIKE :p"),
                                 {"p": f"%{sha[0]}%"}).scalar_one()
        assert documents == 1
        starts = conn.execute(text(
            "SELECT count(*) FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id "
            "WHERE e.type = 'started' AND j.args->>'job' = :j"), {"j": job}).scalar_one()
    assert starts == 2, starts  # by the killed worker, then, put back, by the other
    _until(lambda: " took " in rescuer.log.read_text(), 10, lambda: rescuer.log.read_text())


def test_a_new_node_from_a_peers_snapshot_finds_what_was_saved_after_it(whole: WholeCluster, editor: str) -> None:
    web = whole.web
    a = web.nodes[0]
    before, after = f"artel{uuid.uuid4().hex[:8]}", f"kombed{uuid.uuid4().hex[:8]}"
    assert _save(web.front, editor, before)[0] == 201
    _until(lambda: _found(a, before) == 1, 5, lambda: "node A never indexed the first save")
    taken = web.opis(a.index_dir, "index", "snapshot", str(web.root / "snap-a"), "--json")  # node A keeps running
    assert taken.returncode == 0, taken.stderr
    snap = json.loads(taken.stdout)
    assert _save(web.front, editor, after)[0] == 201  # not in the snapshot: node C must catch it up
    c_index = web.root / "index-c"
    restored = web.opis(c_index, "index", "restore",
                        str(web.root / "snap-a"), "--json")
    assert restored.returncode == 0, restored.stderr
    generation = (c_index / "CURRENT").read_text().strip()
    c = web.start_node("c")
    took = _until(lambda: _found(c, after) == 1 and _found(c, before) == 1, 10,
                  lambda: f"node C never found both saves:\n{c.log.read_text(errors='replace')[-3000:]}")
    assert (c_index / "CURRENT").read_text().strip() == generation, "node C rebuilt instead of using the snapshot"
    applied = json.loads((c_index / generation / "applied.json").read_text())
    assert applied["seq"] > snap["position"]["seq"]  # it followed the outbox past the snapshot's position
    print(f"node C from a snapshot of {snap['documents']} documents found the later save after {took:.2f} s")
    c.stop()


def test_a_promoted_standby_keeps_the_archive_working_with_nothing_acknowledged_lost(
        whole: WholeCluster, editor: str, contributor: str) -> None:
    """Saves flow through haproxy while the primary is lost and the standby promoted: every save
    that was answered 201 is there afterwards, on both nodes, and the archive takes new saves."""
    web, pair = whole.web, whole.pair
    word = f"sovkhoz{uuid.uuid4().hex[:8]}"
    acknowledged: list[str] = []
    refused: list[int] = []
    stop = threading.Event()

    def saver() -> None:
        while not stop.is_set():
            status, created = _save(web.front, editor, word)
            if status == 201:
                acknowledged.append(created["id"])
            else:
                refused.append(status)
                time.sleep(0.1)

    thread = threading.Thread(target=saver)
    thread.start()
    try:
        _until(lambda: len(acknowledged) >= 5, 30, lambda: f"no saves before the switch: {refused}")
        pair.stop_primary()
        at_switch = len(acknowledged)
        pair.promote()
        _until(lambda: len(acknowledged) >= at_switch + 5, 60,
               lambda: f"no saves after the promotion ({refused[-5:]}):\n{_logs(whole)}")
    finally:
        stop.set()
        thread.join(30)
    with whole.archive.engine.connect() as conn:
        assert conn.execute(text("SELECT inet_server_port()")).scalar_one() == pair.standby.port
    for node in web.nodes:
        for doc_id in acknowledged:
            assert _call(f"{node.url}/api/documents/{doc_id}", editor)[0] == 200, doc_id
        _until(lambda n=node: _found(n, word, editor) == len(acknowledged), 10,  # type: ignore[misc]
               lambda n=node: f"{n.name} finds {_found(n, word, editor)} of {len(acknowledged)}")  # type: ignore[misc]
    print(f"{at_switch} saves acknowledged before the switch, {len(acknowledged) - at_switch} after, "
          f"{len(refused)} refused during it")
    # The worker left (the other was killed above) finds the promoted standby too: procrastinate's
    # pool gets the same hosts and target_session_attrs (store.queue.conninfo).
    token = contributor
    letter = f"Letter on the {word} plan, 1 May 1950.".encode()
    sent = httpx.post(f"{web.front}/api/ingest", headers={"authorization": f"Bearer {token}"}, timeout=30,
                      files={"files": ("letter.txt", letter, "text/plain")})
    assert sent.status_code == 202, sent.text
    job = sent.json()["job"]
    _until(lambda: job_status(whole.archive, job)["status"] == "finished", 60,
           lambda: f"no worker ran the job after the promotion:\n{_logs(whole)}")
    assert job_status(whole.archive, job)["counts"]["ingested"] == 1


def test_a_stopped_web_node_costs_no_request_through_the_balancer(whole: WholeCluster) -> None:
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            statuses.append(_call(f"{whole.web.front}/api/search?q=report&limit=5")[0])

    worker = threading.Thread(target=load)
    worker.start()
    try:
        time.sleep(1.5)
        before = len(statuses)
        whole.web.nodes[1].stop(signal.SIGKILL)  # no goodbye: connections refused or cut
        time.sleep(3.0)
    finally:
        stop.set()
        worker.join(30)
    after = len(statuses) - before
    assert before >= 10 and after >= 10, (before, after)
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
