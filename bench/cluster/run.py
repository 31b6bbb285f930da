"""The cluster of docs/scale-out.md measured in one run: search throughput through haproxy with 1 and
2 web nodes, and how far the hot standby falls behind during a bulk ingest.

    .venv/bin/python bench/cluster/run.py [--rounds 2] [--seconds 5] [--clients 4] [--docs 8]

A PostgreSQL primary and its synchronous hot standby are started (tests/support/replicas.py) and
the sample collection loaded through the multi-host URL (`opis init --sample`).

Search: two balancers run side by side (tests/support/cluster.py), one in front of node A alone,
one in front of nodes B and C; every node sends anonymous reads (the store check) to the standby.
``--clients`` threads send `GET /api/search?q=WORD&limit=10` through one balancer for ``--seconds``,
then through the other, ``--rounds`` times, so both see the same load from the rest of the machine.
Besides requests per second it reports requests per CPU second of the web nodes (from
/proc/PID/stat): on a shared machine the CPU each answer costs is steadier than the wall clock.

Replica lag: ``opis ingest`` of ``--docs`` new text files (prose from the seeds and the FRUS
excerpts, bench/ingest/run.py) while a thread reads pg_stat_replication on the primary every 0.1 s:
bytes of WAL the standby has not replayed (``pg_current_wal_lsn() - replay_lsn``) and PostgreSQL's
own ``replay_lag``. Alternately the ingest runs with the commit waiting for the standby's flush
(``synchronous_commit = on``, as configured) and with it not waiting (``local``, set through
PGOPTIONS for that process alone), so the ratio says what the synchronous standby costs an ingest.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.ingest.run import make_texts  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from tests.support.cluster import Cluster, Node, web_cluster  # noqa: E402
from tests.support.replicas import Pair, new_database, replica_pair  # noqa: E402

WORDS = ["Korea", "Stalin", "telegram", "coal", "Moscow", "treaty", "army", "report"]
TICK = os.sysconf("SC_CLK_TCK")


def load(front: str, seconds: float, clients: int) -> tuple[int, int]:
    """(answers 200, other answers or errors) from ``clients`` threads over ``seconds``."""
    ok, bad = [0], [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds
    words = itertools.cycle(WORDS)

    def client() -> None:
        while time.monotonic() < end:
            with lock:
                word = next(words)
            try:
                with urllib.request.urlopen(f"{front}/api/search?q={word}&limit=10", timeout=10) as resp:
                    good = resp.status == 200
                    resp.read()
            except OSError:
                good = False
            with lock:
                (ok if good else bad)[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ok[0], bad[0]


def cpu_seconds(nodes: list[Node]) -> float:
    """User + system CPU the node processes have used so far."""
    total = 0
    for node in nodes:
        fields = Path(f"/proc/{node.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


@dataclass
class Search:
    nodes: int
    ok: int = 0
    bad: int = 0
    wall: float = 0.0
    cpu: float = 0.0


def search_rounds(one: Cluster, two: Cluster, rounds: int, seconds: float, clients: int) -> list[Search]:
    results = [Search(1), Search(2)]
    for cluster in (one, two):
        load(cluster.front, 2, clients)  # warm: every node has opened its index and caches
    for _ in range(rounds):
        for result, cluster in zip(results, (one, two), strict=True):
            cpu0 = cpu_seconds(cluster.nodes)
            ok, bad = load(cluster.front, seconds, clients)
            result.ok, result.bad = result.ok + ok, result.bad + bad
            result.wall += seconds
            result.cpu += cpu_seconds(cluster.nodes) - cpu0
    return results


@dataclass
class Lag:
    mode: str
    docs: int = 0
    wall: float = 0.0
    behind_bytes: list[int] = field(default_factory=list)
    replay_lag_s: list[float] = field(default_factory=list)
    wal_bytes: int = 0


def sample_lag(pair: Pair, lag: Lag, stop: threading.Event) -> None:
    engine = create_engine(pair.primary.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        while not stop.is_set():
            row = conn.execute(text(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), "
                "EXTRACT(epoch FROM replay_lag) FROM pg_stat_replication")).first()
            if row is not None:
                lag.behind_bytes.append(int(row[0] or 0))
                lag.replay_lag_s.append(float(row[1] or 0.0))
            time.sleep(0.1)
    engine.dispose()


def wal_position(pair: Pair) -> int:
    engine = create_engine(pair.primary.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        value = int(conn.execute(text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")).scalar_one())
    engine.dispose()
    return value


def ingest_round(pair: Pair, env: dict[str, str], folder: Path, lag: Lag) -> None:
    stop = threading.Event()
    sampler = threading.Thread(target=sample_lag, args=(pair, lag, stop))
    wal0 = wal_position(pair)
    sampler.start()
    extra = {"PGOPTIONS": "-c synchronous_commit=local"} if lag.mode == "local" else {}
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "opis", "ingest", str(folder)], env={**env, **extra},
                              capture_output=True, text=True, timeout=600)
    finally:
        lag.wall += time.monotonic() - start
        stop.set()
        sampler.join(30)
    if done.returncode:
        raise SystemExit(f"opis ingest failed: {done.stderr[-2000:]}")
    lag.docs += len(list(folder.iterdir()))
    lag.wal_bytes += wal_position(pair) - wal0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--docs", type=int, default=8)
    args = parser.parse_args()
    started = time.monotonic()
    with replica_pair() as pair:
        database = new_database(pair)
        url = pair.multi_host_url(database)
        root = Path(tempfile.mkdtemp(prefix="opis-bench-cluster-"))
        env = {**os.environ, "OPIS_DATABASE_URL": url, "OPIS_DATA_DIR": str(root / "data"),
               "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
        subprocess.run([sys.executable, "-m", "opis", "init", "--sample"], env=env, check=True, capture_output=True)
        phases = {"start and sample": time.monotonic() - started}
        reads = {"OPIS_READ_DATABASE_URL": pair.standby.url(database)}
        for name in ("one", "two"):
            (root / name).mkdir()
            (root / name / "data").symlink_to(root / "data")
        with web_cluster(url, root / "one", ("a",), env=reads) as one, \
                web_cluster(url, root / "two", ("b", "c"), env=reads) as two:
            searches = search_rounds(one, two, args.rounds, args.seconds, args.clients)
        phases["search"] = time.monotonic() - started - sum(phases.values())
        idle = Lag("idle")
        stop = threading.Event()
        sampler = threading.Thread(target=sample_lag, args=(pair, idle, stop))
        sampler.start()
        time.sleep(2)
        stop.set()
        sampler.join(30)
        lags = [Lag("on"), Lag("local")]
        rng = random.Random(17)
        for r in range(args.rounds):
            for lag in lags:
                folder = root / f"ingest-{r}-{lag.mode}"
                make_texts(folder, args.docs, rng)
                ingest_round(pair, env, folder, lag)
        phases["ingest"] = time.monotonic() - started - sum(phases.values())
    load_avg = os.getloadavg()
    print(f"{args.clients} clients, {args.rounds} rounds of {args.seconds:.0f} s per node count, sample collection; "
          f"load average at the end {load_avg[0]:.1f} / {load_avg[1]:.1f} / {load_avg[2]:.1f} "
          f"on {os.cpu_count()} cores; whole run {time.monotonic() - started:.0f} s ("
          + ", ".join(f"{k} {v:.0f} s" for k, v in phases.items()) + ")\n")
    print("| web nodes | requests/s | against 1 node | requests per node CPU second | against 1 node | errors |")
    print("|---|---|---|---|---|---|")
    base = searches[0]
    for s in searches:
        print(f"| {s.nodes} | {s.ok / s.wall:.1f} | {s.ok / s.wall / (base.ok / base.wall):.2f}× | "
              f"{s.ok / s.cpu:.1f} | {s.ok / s.cpu / (base.ok / base.cpu):.2f}× | {s.bad} |")
    print(f"\nbulk ingest, {args.rounds} rounds of {args.docs} text files per mode, alternating\n")
    print("| commit waits for | docs/s | against `on` | WAL written | standby behind, median / max | "
          "replay_lag median / max |")
    print("|---|---|---|---|---|---|")
    print(f"| (idle, no ingest) | – | – | – | {statistics.median(idle.behind_bytes or [0]):.0f} / "
          f"{max(idle.behind_bytes or [0])} B | {statistics.median(idle.replay_lag_s or [0]) * 1000:.1f} / "
          f"{max(idle.replay_lag_s or [0]) * 1000:.1f} ms |")
    for lag in lags:
        rate = lag.docs / lag.wall
        print(f"| {'standby flush (`on`)' if lag.mode == 'on' else 'local disk only (`local`)'} | {rate:.2f} | "
              f"{rate / (lags[0].docs / lags[0].wall):.2f}× | {lag.wal_bytes / 1e6:.1f} MB | "
              f"{statistics.median(lag.behind_bytes):.0f} / {max(lag.behind_bytes)} B | "
              f"{statistics.median(lag.replay_lag_s) * 1000:.1f} / {max(lag.replay_lag_s) * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
