"""A throwaway PostgreSQL server for the test session, started from the Debian binaries.

Tests need a real PostgreSQL. With OPIS_TEST_DATABASE_URL set, that server is used. Otherwise
this starts a private cluster in a temporary folder on a Unix socket (as the ``postgres`` user
when running as root, since PostgreSQL refuses to run as root). If neither is possible, tests
that need it are skipped, except with CI=true, where they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable("no PostgreSQL server binaries (apt-get install postgresql)")
    return Path(found[-1]).parent


def _run(cmd: list[str], as_postgres: bool) -> None:
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if result.returncode:
        raise PostgresUnavailable(f"{' '.join(cmd)} failed: {result.stderr.strip() or result.stdout.strip()}")


@contextmanager
def private_cluster() -> Iterator[str]:
    """Start a cluster; yield a base URL (no database name) for the superuser; stop and delete it after."""
    bindir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="opis-pg-"))
    as_postgres = os.geteuid() == 0
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if as_postgres:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = 20000 + os.getpid() % 20000
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
              "--locale=C.UTF-8"], as_postgres)
        opts = f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"],
             as_postgres)
        yield f"postgresql+psycopg://postgres@/?host={sock}&port={port}"
    finally:
        if data.exists():
            subprocess.run((["runuser", "-u", "postgres", "--"] if as_postgres else [])
                           + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def with_database(base_url: str, name: str) -> str:
    """``base_url`` pointed at database ``name``."""
    from sqlalchemy.engine import make_url

    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def create_database(base_url: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    from sqlalchemy import create_engine, text

    name = f"opis_{uuid.uuid4().hex[:12]}"
    engine = create_engine(with_database(base_url, "postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return with_database(base_url, name)
