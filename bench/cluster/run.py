"""Search requests per second through haproxy with 1 and 2 `opis serve` nodes, in one run.

    .venv/bin/python bench/cluster/run.py [--seconds 15] [--clients 4]

A private PostgreSQL cluster is started (tests/support/postgres.py) and the sample collection loaded
(`opis init --sample`). For each node count the harness of tests/support/cluster.py starts the nodes
(each with its own index folder, built from the store) and haproxy; ``--clients`` threads then send
`GET /api/search?q=WORD&limit=10` through haproxy, one after another each, for ``--seconds``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.cluster import web_cluster  # noqa: E402
from tests.support.postgres import create_database, private_cluster  # noqa: E402

WORDS = ["Korea", "Stalin", "telegram", "coal", "Moscow", "treaty", "army", "report"]


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    rows = []
    with private_cluster() as server:
        url = create_database(server)
        root = Path(tempfile.mkdtemp(prefix="opis-bench-cluster-"))
        env = {**os.environ, "OPIS_DATABASE_URL": url, "OPIS_DATA_DIR": str(root / "data"),
               "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
        subprocess.run([sys.executable, "-m", "opis", "init", "--sample"], env=env, check=True, capture_output=True)
        for names in (("a",), ("a", "b")):
            run_root = root / "-".join(names)
            run_root.mkdir()
            (run_root / "data").symlink_to(root / "data")
            with web_cluster(url, run_root, names) as cluster:
                load(cluster.front, 2, args.clients)  # warm: every node has opened its index and caches
                ok, bad = load(cluster.front, args.seconds, args.clients)
            rows.append((len(names), ok / args.seconds, bad))
    print(f"{args.clients} clients, {args.seconds:.0f} s each, sample collection")
    print("| nodes | requests/s | errors | against 1 node |\n|---|---|---|---|")
    for nodes, rate, bad in rows:
        print(f"| {nodes} | {rate:.1f} | {bad} | {rate / rows[0][1]:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
