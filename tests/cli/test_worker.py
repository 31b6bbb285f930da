"""`opis worker` on a store that has no queue: one clear line and a non-zero exit (the worker itself is
tried with real processes on PostgreSQL in tests/jobs/test_queue.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_opis_worker_refuses_a_sqlite_store(tmp_path: Path) -> None:
    env = {**os.environ, "OPIS_DATA_DIR": str(tmp_path / "data"), "OPIS_LOAD_SAMPLE": "false"}
    env.pop("OPIS_DATABASE_URL", None)
    env.pop("OPIS_JOB_QUEUE", None)
    done = subprocess.run([sys.executable, "-m", "opis", "worker"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "needs a PostgreSQL store" in done.stderr
    assert "Traceback" not in done.stderr
