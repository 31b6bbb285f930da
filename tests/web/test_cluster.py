"""Two `opis serve` nodes on one PostgreSQL behind haproxy, on loopback (tests/support/cluster.py).

A save through node A is found by a search on node B within a second (B's index follows the outbox
on its own), and a node killed while requests flow through the balancer costs none of them.
Without haproxy or PostgreSQL binaries these skip, except with CI=true (.ci/run installs both),
where they fail.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opis.store.archive import Archive
from tests.conftest import IN_CI
from tests.support.cluster import Cluster, haproxy_binary, web_cluster
from tests.support.people import api_token

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(240),
              pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)]


@pytest.fixture
def cluster(archive: Archive, database_url: str, tmp_path: Path) -> Iterator[Cluster]:
    if haproxy_binary() is None:
        if IN_CI:
            pytest.fail("haproxy is required in CI (.ci/run installs it)")
        pytest.skip("haproxy not installed (apt-get install haproxy)")
    with web_cluster(database_url, tmp_path) as found:  # the archive fixture migrated the store
        yield found


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


def test_a_save_on_one_node_is_found_on_the_other_within_a_second(cluster: Cluster, archive: Archive) -> None:
    token = api_token(archive, "editor")
    a, b = cluster.nodes
    word = f"kolkhoz{uuid.uuid4().hex[:8]}"
    body = {"title": f"Report on the {word} harvest", "genre": "report", "languages": ["en"],
            "status": "published"}
    status, created = _call(f"{a.url}/api/documents?message=cluster+test", token, body)
    assert status == 201, created
    saved = time.monotonic()
    found_after = None
    while time.monotonic() - saved < 5:
        status, page = _call(f"{b.url}/api/search?q={word}")
        if status == 200 and page["total"] == 1:
            found_after = time.monotonic() - saved
            break
        time.sleep(0.05)
    assert found_after is not None, "node B never found node A's save"
    assert found_after < 1.0, f"node B found it after {found_after:.2f} s"
    assert page["hits"][0]["id"] == created["id"]


def test_a_killed_node_costs_no_request_through_the_balancer(cluster: Cluster) -> None:
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            statuses.append(_call(f"{cluster.front}/api/search?q=report&limit=5")[0])

    worker = threading.Thread(target=load)
    worker.start()
    try:
        time.sleep(1.5)
        before = len(statuses)
        cluster.nodes[1].stop(signal.SIGKILL)  # no goodbye: connections refused or cut
        time.sleep(3.0)
    finally:
        stop.set()
        worker.join(30)
    after = len(statuses) - before
    assert before >= 10 and after >= 10, (before, after)
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_an_upload_to_one_node_is_run_by_a_worker_and_followed_on_the_other(archive: Archive, database_url: str,
                                                                            tmp_path: Path) -> None:
    """OPIS_JOB_QUEUE=postgres on both nodes and one `opis worker`: a file uploaded through node A is
    ingested by the worker; node B's job status and search show it."""
    import httpx

    if haproxy_binary() is None:
        if IN_CI:
            pytest.fail("haproxy is required in CI (.ci/run installs it)")
        pytest.skip("haproxy not installed (apt-get install haproxy)")
    token = api_token(archive, "contributor")
    word = f"sovkhoz{uuid.uuid4().hex[:8]}"
    with web_cluster(database_url, tmp_path, env={"OPIS_JOB_QUEUE": "postgres"}, workers=1) as cluster:
        a, b = cluster.nodes
        sent = httpx.post(f"{a.url}/api/ingest", headers={"authorization": f"Bearer {token}"}, timeout=30,
                          files={"files": ("letter.txt", f"Letter on the {word}, 1 May 1950.".encode(), "text/plain")})
        assert sent.status_code == 202, sent.text
        job = sent.json()["job"]
        end = time.monotonic() + 120
        while True:
            status, found = _call(f"{b.url}/api/ingest/{job}", token)
            assert status == 200, found
            if found["status"] != "queued":
                break
            assert time.monotonic() < end, (tmp_path / "worker-w1.log").read_text()
            time.sleep(0.2)
        assert found["status"] == "finished" and found["counts"]["ingested"] == 1
        # The worker prints its line after the file's outcome is committed: give it a moment.
        end = time.monotonic() + 10
        while " took job-" not in (tmp_path / "worker-w1.log").read_text():
            assert time.monotonic() < end, (tmp_path / "worker-w1.log").read_text()
            time.sleep(0.1)
        end = time.monotonic() + 5
        while _call(f"{b.url}/api/search?q={word}", token)[1]["total"] != 1:
            assert time.monotonic() < end, "node B's index never showed the worker's document"
            time.sleep(0.1)
