"""A PostgreSQL primary and a streaming hot standby on loopback, from the Debian binaries.

The standby is made the way a real one is: ``pg_basebackup -R`` copies the primary and writes
the connection to follow it (``standby.signal`` and ``primary_conninfo``). The primary waits for
the standby to have its commits on disk (``synchronous_standby_names``), so a commit the primary
acknowledged survives a promotion. Both listen on 127.0.0.1 only, on free ports.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.postgres import PostgresUnavailable, _bin_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Node:
    data: Path
    port: int
    log: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@dataclass
class Pair:
    root: Path
    primary: Node
    standby: Node
    as_postgres: bool

    def ctl(self, node: Node, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(_bin_dir() / "pg_ctl"), "-D", str(node.data), *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self, node: Node) -> None:
        opts = f"-p {node.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        done = self.ctl(node, "-o", opts, "-l", str(node.log), "-w", "start")
        if done.returncode:
            raise PostgresUnavailable(f"pg_ctl start: {done.stderr or done.stdout}: {node.log.read_text()[-2000:]}")

    def stop_primary(self) -> None:
        """The primary's machine goes away: no clean shutdown."""
        self.ctl(self.primary, "-m", "immediate", "stop")

    def promote(self) -> None:
        done = self.ctl(self.standby, "-w", "promote")
        if done.returncode:
            raise RuntimeError(f"promote failed: {done.stderr or done.stdout}")
        # The copy inherited "wait for a synchronous standby"; alone now, it has none to wait for.
        from sqlalchemy import create_engine, text

        engine = create_engine(self.standby.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("ALTER SYSTEM SET synchronous_standby_names = ''"))
            conn.execute(text("SELECT pg_reload_conf()"))
        engine.dispose()

    def multi_host_url(self, database: str) -> str:
        """Both nodes in one DSN: libpq tries them in turn and keeps the one that takes writes."""
        return (f"postgresql+psycopg://postgres@/{database}?host=127.0.0.1:{self.primary.port}"
                f"&host=127.0.0.1:{self.standby.port}&target_session_attrs=read-write")


def _run(cmd: list[str], as_postgres: bool) -> None:
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise PostgresUnavailable(f"{' '.join(cmd)} failed: {done.stderr.strip() or done.stdout.strip()}")


@contextmanager
def replica_pair() -> Iterator[Pair]:
    """Start a primary and its standby; stop and delete both after."""
    bindir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="opis-replicas-"))
    as_postgres = os.geteuid() == 0
    if as_postgres:
        shutil.chown(root, "postgres")
    primary = Node(root / "primary", free_port(), root / "primary.log")
    standby = Node(root / "standby", free_port(), root / "standby.log")
    pair = Pair(root, primary, standby, as_postgres)
    try:
        _run([str(bindir / "initdb"), "-D", str(primary.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
              "--locale=C.UTF-8"], as_postgres)
        with (primary.data / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n"
                       "synchronous_standby_names = '*'\nsynchronous_commit = on\n")
        pair.start(primary)
        _run([str(bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
              "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast"], as_postgres)
        pair.start(standby)
        yield pair
    finally:
        for node in (standby, primary):
            if node.data.exists():
                pair.ctl(node, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)
