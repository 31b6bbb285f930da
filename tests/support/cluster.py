"""The cluster of docs/scale-out.md on loopback.

``web_cluster``: several `opis serve` processes on one PostgreSQL store and one data folder (shared
originals and incoming files), each with its own search index folder (OPIS_INDEX_DIR) kept in step
through the outbox, haproxy (Debian package) in front, and optionally `opis worker` processes.

``whole_cluster``: all of it at once, on a PostgreSQL primary and its streaming hot standby
(tests/support/replicas.py, ``pg_basebackup -R``): the nodes and workers write through the
multi-host URL (``target_session_attrs=read-write``, so a promoted standby is found), the nodes
send anonymous reads to the standby (OPIS_READ_DATABASE_URL), and the job queue is PostgreSQL's.

haproxy checks each node every 200 ms and retries a request on another node when connecting fails
or the node closes the connection without an answer (``retry-on conn-failure empty-response``,
``option redispatch``); only GET and HEAD are retried that way (see ``CONFIG``). Every wait has a
deadline, and every process started here is stopped (its whole session) when the block ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.originals import OriginalsDir
from tests.support.replicas import Pair, free_port, new_database, replica_pair

CONFIG = """\
global
    maxconn 256

defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s
    # Without it a health check must answer within "inter" (200 ms): on a loaded machine a lone
    # node then flaps down and the balancer answers 503 though the node is serving.
    timeout check 2s
    retries 3
    option redispatch 1
    # A node that refuses the connection, or closes it without answering, costs the client nothing:
    # haproxy sends the request to the other node. Only safe methods are replayed that way; a POST whose
    # node dies mid-request gets an error, since replaying it could save twice.
    retry-on conn-failure empty-response

listen opis
    bind 127.0.0.1:{front}
    balance roundrobin
    http-request disable-l7-retry unless METH_GET || METH_HEAD
    option httpchk GET /api/search?limit=1
{servers}
"""


class HarnessFailed(RuntimeError):
    pass


@dataclass
class Node:
    name: str
    port: int
    index_dir: Path
    log: Path
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        _stop(self.proc, sig)


@dataclass
class Worker:
    name: str
    log: Path
    proc: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL to the worker's process group: no goodbye. Its sandboxed parser children, in sessions
        of their own, die with it (they ask the kernel for that: ingest/worker.py)."""
        _stop(self.proc, signal.SIGKILL)


@dataclass
class Cluster:
    front: str
    nodes: list[Node]
    haproxy_log: Path
    workers: list[Worker]
    root: Path
    database_url: str
    env: dict[str, str]
    stack: ExitStack

    def start_node(self, name: str) -> Node:
        """One more node on the same store and data folder, not behind haproxy; answering when returned."""
        node = _node(self.stack, name, self.root, self.database_url, self.env)
        wait_http(f"{node.url}/api/search?limit=1", 90, node.log)
        return node

    def opis(self, index_dir: Path, *args: str, seconds: float = 120) -> subprocess.CompletedProcess[str]:
        """An ``opis`` command with a node's settings: the store, the data folder, ``index_dir``."""
        env = {**_env(self.root, self.database_url, self.env), "OPIS_INDEX_DIR": str(index_dir)}
        return subprocess.run([sys.executable, "-m", "opis", *args], env=env, capture_output=True, text=True,
                              timeout=seconds)


@dataclass
class WholeCluster:
    """``web`` (nodes, haproxy, workers) on the primary/standby ``pair``; ``archive`` is the tests' own
    handle on the store, through the same multi-host URL as the nodes."""
    pair: Pair
    database: str
    web: Cluster
    archive: Archive


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or (path if os.path.exists(path := "/usr/sbin/haproxy") else None)


def _stop(proc: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGTERM) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, sig)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_http(url: str, deadline_s: float, log: Path) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise HarnessFailed(f"{url} did not answer in {deadline_s} s:\n{log.read_text(errors='replace')[-3000:]}")


def _env(root: Path, database_url: str, extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, "OPIS_DATABASE_URL": database_url, "OPIS_DATA_DIR": str(root / "data"),
            "OPIS_LOAD_SAMPLE": "false", **extra}


def _node(stack: ExitStack, name: str, root: Path, database_url: str, extra: dict[str, str]) -> Node:
    port = free_port()
    index_dir = root / f"index-{name}"
    log = root / f"node-{name}.log"
    env = {**_env(root, database_url, extra), "OPIS_INDEX_DIR": str(index_dir)}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "opis", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=out, stderr=out, start_new_session=True)
    stack.callback(_stop, proc)
    return Node(name, port, index_dir, log, proc)


def _worker(stack: ExitStack, name: str, root: Path, database_url: str, extra: dict[str, str],
            stalled_s: float) -> Worker:
    log = root / f"worker-{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "opis", "worker", "--name", name, "--heartbeat", "0.5",
                                 "--poll", "0.5", "--stalled", str(stalled_s)],
                                env=_env(root, database_url, extra), stdout=out, stderr=out, start_new_session=True)
    stack.callback(_stop, proc)
    return Worker(name, log, proc)


@contextmanager
def web_cluster(database_url: str, root: Path, names: tuple[str, ...] = ("a", "b"),
                env: dict[str, str] | None = None, workers: int = 0, stalled_s: float = 30.0) -> Iterator[Cluster]:
    """Nodes ``names`` (the store must be migrated already) and haproxy in front, and ``workers``
    `opis worker` processes (give ``env`` OPIS_JOB_QUEUE=postgres for them to get work), each taking
    over a peer's jobs once the peer has not beaten for ``stalled_s``; yields the cluster."""
    binary = haproxy_binary()
    if binary is None:
        raise HarnessFailed("no haproxy binary (apt-get install haproxy)")
    with ExitStack() as stack:
        nodes = [_node(stack, name, root, database_url, env or {}) for name in names]
        started = [_worker(stack, f"w{n + 1}", root, database_url, env or {}, stalled_s) for n in range(workers)]
        for node in nodes:
            wait_http(f"{node.url}/api/search?limit=1", 90, node.log)
        front = free_port()
        servers = "\n".join(f"    server {n.name} 127.0.0.1:{n.port} check inter 200 fall 2 rise 2" for n in nodes)
        config = root / "haproxy.cfg"
        config.write_text(CONFIG.format(front=front, servers=servers), encoding="utf-8")
        log = root / "haproxy.log"
        checked = subprocess.run([binary, "-c", "-f", str(config)], capture_output=True, text=True, timeout=30)
        if checked.returncode:
            raise HarnessFailed(f"haproxy refused its configuration: {checked.stdout}{checked.stderr}")
        with log.open("wb") as out:
            proxy = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=out, stderr=out,
                                     start_new_session=True)
        stack.callback(_stop, proxy)
        wait_http(f"http://127.0.0.1:{front}/api/search?limit=1", 30, log)
        yield Cluster(f"http://127.0.0.1:{front}", nodes, log, started, root, database_url, dict(env or {}), stack)


@contextmanager
def whole_cluster(root: Path, workers: int = 2, stalled_s: float = 3.0) -> Iterator[WholeCluster]:
    """A primary and a hot standby, a migrated store on them, two web nodes behind haproxy and
    ``workers`` workers, all on the multi-host URL, anonymous reads on the standby.

    Raises ``PostgresUnavailable`` when there are no PostgreSQL binaries (the caller skips or
    fails), ``HarnessFailed``/``HarnessError`` when anything present does not start."""
    with replica_pair() as pair:
        database = new_database(pair)
        url = pair.multi_host_url(database)
        engine = make_engine(url)
        try:
            migrate(engine)
            archive = Archive(engine, OriginalsDir(root / "data" / "originals"))
            env = {"OPIS_JOB_QUEUE": "postgres", "OPIS_READ_DATABASE_URL": pair.standby.url(database)}
            with web_cluster(url, root, env=env, workers=workers, stalled_s=stalled_s) as web:
                yield WholeCluster(pair, database, web, archive)
        finally:
            engine.dispose()
