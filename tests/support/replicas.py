"""A PostgreSQL primary and a streaming hot standby on loopback, from the Debian binaries.

The standby is made the way a real one is: ``pg_basebackup -R`` copies the primary and writes
the connection to follow it (``standby.signal`` and ``primary_conninfo``). The primary waits for
the standby to have its commits on disk (``synchronous_standby_names``), so a commit the primary
acknowledged survives a promotion. Both listen on 127.0.0.1 only, on free ports.

Every wait here has a deadline and fails with what the server logged. That matters most for one
wait PostgreSQL does not bound itself: a COMMIT waiting for a synchronous standby is not stopped
by ``statement_timeout``. So the harness starts no test until the standby streams as the sync
standby, and the standby's own settings name no synchronous standby: promoted, it is alone, and
inheriting the primary's ``'*'`` through the copy made its first commit wait for ever.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text

from tests.support.postgres import PostgresUnavailable, _bin_dir

# pg_ctl's own wait (-t) for start, stop and promote; the process gets a little longer before it
# is killed, so pg_ctl reports its own timeout first when it can.
CTL_SECONDS = 60
# Making the standby copy (pg_basebackup) of a fresh, nearly empty primary.
COPY_SECONDS = 120
# How long a node may take to show a state we wait for (streaming, promoted).
STATE_SECONDS = 30.0
# libpq's connect_timeout: a node that does not answer fails the connection rather than hangs.
CONNECT_SECONDS = 5


class HarnessError(RuntimeError):
    """The binaries are there but the pair could not be started or changed: a failure, never a skip."""


def unavailable(exc: PostgresUnavailable, in_ci: bool) -> NoReturn:
    """No PostgreSQL binaries: a failure in CI (which installs them), a skip elsewhere."""
    if in_ci:
        pytest.fail(f"PostgreSQL replicas are required in CI: {exc}")
    pytest.skip(f"PostgreSQL replicas not available: {exc}")


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
        return (f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"
                f"?connect_timeout={CONNECT_SECONDS}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else "(no log)"


def _command(cmd: list[str], as_postgres: bool, seconds: float) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` (as the postgres user when we are root: PostgreSQL refuses root), within ``seconds``."""
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"{' '.join(cmd)} did not finish within {seconds:.0f} s") from exc


def _query(node: Node, sql: str) -> list[tuple[object, ...]]:
    """Rows of ``sql`` on ``node``, on a connection of its own (closed after)."""
    engine = create_engine(node.url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


@dataclass
class Pair:
    root: Path
    primary: Node
    standby: Node
    as_postgres: bool

    def ctl(self, node: Node, *args: str) -> subprocess.CompletedProcess[str]:
        return _command([str(_bin_dir() / "pg_ctl"), "-D", str(node.data), *args], self.as_postgres,
                        CTL_SECONDS + 30)

    def start(self, node: Node) -> None:
        opts = f"-p {node.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        done = self.ctl(node, "-o", opts, "-l", str(node.log), "-w", "-t", str(CTL_SECONDS), "start")
        if done.returncode:
            raise HarnessError(f"pg_ctl start: {done.stderr or done.stdout}: {node.log_tail()}")

    def wait_streaming(self) -> None:
        """Until the primary sees the standby streaming as its synchronous standby: before that a
        commit on the primary would wait for it."""
        sql = "SELECT state, sync_state FROM pg_stat_replication"
        deadline = time.monotonic() + STATE_SECONDS
        rows: list[tuple[object, ...]] = []
        while time.monotonic() < deadline:
            rows = _query(self.primary, sql)
            if ("streaming", "sync") in rows:
                return
            time.sleep(0.1)
        raise HarnessError(f"the standby was not streaming as sync standby within {STATE_SECONDS:.0f} s "
                           f"(pg_stat_replication: {rows}): {self.standby.log_tail()}")

    def wait_replayed(self) -> None:
        """Until the standby has replayed everything the primary has written so far. A synchronous
        commit only waits for the standby to have the WAL on disk (``synchronous_commit = on``), not
        to have applied it, so a read there right after may not see it yet."""
        lsn = _query(self.primary, "SELECT pg_current_wal_lsn()::text")[0][0]
        sql = f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn, pg_last_wal_replay_lsn()::text"
        deadline = time.monotonic() + STATE_SECONDS
        replayed: object = None
        while time.monotonic() < deadline:
            [(done, replayed)] = _query(self.standby, sql)
            if done:
                return
            time.sleep(0.05)
        raise HarnessError(f"the standby replayed only to {replayed}, not {lsn}, within {STATE_SECONDS:.0f} s: "
                           f"{self.standby.log_tail()}")

    def pause_replay(self) -> None:
        """The standby keeps receiving WAL but applies none of it: a standby lagging as long as we like."""
        _query(self.standby, "SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        _query(self.standby, "SELECT pg_wal_replay_resume()")

    def stop_primary(self) -> None:
        """The primary's machine goes away: no clean shutdown."""
        done = self.ctl(self.primary, "-m", "immediate", "-w", "-t", str(CTL_SECONDS), "stop")
        if done.returncode:
            raise HarnessError(f"pg_ctl stop: {done.stderr or done.stdout}: {self.primary.log_tail()}")

    def promote(self) -> None:
        """Make the standby the primary; return once it takes writes that wait for no one."""
        done = self.ctl(self.standby, "-w", "-t", str(CTL_SECONDS), "promote")
        if done.returncode:
            raise HarnessError(f"pg_ctl promote: {done.stderr or done.stdout}: {self.standby.log_tail()}")
        # pg_ctl -w has seen the promotion in the control file; check it as a client would, and
        # that a commit here will not wait for a synchronous standby this node does not have.
        state = _query(self.standby, "SELECT pg_is_in_recovery(), current_setting('synchronous_standby_names')")
        if state != [(False, "")]:
            raise HarnessError(f"promoted standby is not a lone primary (in recovery, sync standbys: {state}): "
                               f"{self.standby.log_tail()}")

    def multi_host_url(self, database: str) -> str:
        """Both nodes in one DSN: libpq tries them in turn and keeps the one that takes writes."""
        return (f"postgresql+psycopg://postgres@/{database}?host=127.0.0.1:{self.primary.port}"
                f"&host=127.0.0.1:{self.standby.port}&target_session_attrs=read-write"
                f"&connect_timeout={CONNECT_SECONDS}")


def _run(cmd: list[str], as_postgres: bool, seconds: float) -> None:
    done = _command(cmd, as_postgres, seconds)
    if done.returncode:
        raise HarnessError(f"{' '.join(cmd)} failed: {done.stderr.strip() or done.stdout.strip()}")


@contextmanager
def replica_pair() -> Iterator[Pair]:
    """Start a primary and its standby, streaming; stop and delete both after.

    Raises ``PostgresUnavailable`` only when there are no PostgreSQL binaries; anything that goes
    wrong with binaries present is a ``HarnessError``.
    """
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
              "--locale=C.UTF-8"], as_postgres, COPY_SECONDS)
        with (primary.data / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n"
                       "synchronous_standby_names = '*'\nsynchronous_commit = on\n")
        pair.start(primary)
        _run([str(bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
              "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast"], as_postgres, COPY_SECONDS)
        # The copy carries the primary's settings; the last line of a file wins. The standby has no
        # standby of its own, so once promoted its commits must not wait for one.
        with (standby.data / "postgresql.conf").open("a") as conf:
            conf.write("synchronous_standby_names = ''\n")
        pair.start(standby)
        pair.wait_streaming()
        yield pair
    finally:
        for node in (standby, primary):
            _stop(pair, node)
        shutil.rmtree(root, ignore_errors=True)


def _stop(pair: Pair, node: Node) -> None:
    """Stop ``node`` if it runs; if pg_ctl cannot, kill the postmaster we started by its pid."""
    pid_file = node.data / "postmaster.pid"
    if not pid_file.exists():
        return
    try:
        if not pair.ctl(node, "-m", "immediate", "-w", "-t", str(CTL_SECONDS), "stop").returncode:
            return
    except HarnessError:
        pass
    try:
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
    except (OSError, ValueError, IndexError):
        pass  # gone meanwhile


def started_pair(in_ci: bool) -> Iterator[Pair]:
    """A fixture's body: a running pair, or the test skipped (failed in CI) when PostgreSQL is missing."""
    try:
        with replica_pair() as started:
            yield started
    except PostgresUnavailable as exc:
        unavailable(exc, in_ci)


def new_database(pair: Pair) -> str:
    """A fresh database on the primary (the standby follows it), so no two tests share data."""
    name = f"opis_{uuid.uuid4().hex[:12]}"
    engine = create_engine(pair.primary.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name
