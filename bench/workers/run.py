"""OCR pages per second through the PostgreSQL job queue with 1 and 2 `opis worker` processes, against
raw `tesseract` on the same pages with 1 and 2 processes, in one run.

    .venv/bin/python bench/workers/run.py [--scans 6] [--rounds 1] [--pngs]

A private PostgreSQL cluster is started (tests/support/postgres.py). For each worker count, a fresh
database and data folder; the workers are started first and wait (their start is not timed), then
`opis ingest --language ru` with OPIS_JOB_QUEUE=postgres queues one job per scan and follows the
job until every file has its outcome: the time is from queueing to the last outcome, so it includes
staging, the queue, the sandboxed parse with OCR, extraction and the store commit. Scans are the
ingest benchmark's (bench/ingest/run.py: synthetic 300 dpi Russian pages), put together as one
scanned PDF, so its pages are page jobs (jobs.ocrpages) that the workers share; ``--pngs`` queues one
PNG per page instead (one file job each). Raw Tesseract and the queue take turns within each round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))
sys.path.insert(0, str(ROOT))

from ocr_overhead import as_pdf  # noqa: E402
from run import make_scans, run_tesseract  # noqa: E402
from tests.support.postgres import create_database, private_cluster  # noqa: E402


def run_queue(server: str, scans: Path, workers: int) -> float:
    url = create_database(server)
    data = Path(tempfile.mkdtemp(prefix="opis-bench-workers-"))
    env = {**os.environ, "OPIS_DATABASE_URL": url, "OPIS_DATA_DIR": str(data), "OPIS_LOAD_SAMPLE": "false",
           "OPIS_JOB_QUEUE": "postgres", "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    subprocess.run([sys.executable, "-m", "opis", "init"], env=env, check=True, capture_output=True)
    procs = [subprocess.Popen([sys.executable, "-m", "opis", "worker", "--poll", "0.2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
             for _ in range(workers)]
    try:
        time.sleep(3)  # the workers are up and listening
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "opis", "ingest", str(scans), "--language", "ru", "--json"], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
        return time.perf_counter() - start
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(60)
        shutil.rmtree(data, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pngs", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="opis-bench-scans-"))
    scans = make_scans(work / "scans", args.scans)
    queued = scans[0].parent if args.pngs else as_pdf(scans, work / "pdf").parent
    walls: dict[str, list[float]] = {}
    with private_cluster() as server:
        for _ in range(args.rounds):
            for n in (1, 2):
                walls.setdefault(f"raw tesseract -l rus, {n} process(es)", []).append(run_tesseract(scans, n, "rus"))
                walls.setdefault(f"queue, {n} opis worker(s)", []).append(run_queue(server, queued, n))
    print(f"{args.scans} pages ({'PNGs' if args.pngs else 'one scanned PDF'}), {args.rounds} round(s), "
          f"load {os.getloadavg()[0]:.1f}; median wall")
    base = statistics.median(walls["raw tesseract -l rus, 1 process(es)"])
    print("| what | pages/s | wall s | against raw tesseract, 1 process |\n|---|---|---|---|")
    for name, values in sorted(walls.items()):
        wall = statistics.median(values)
        print(f"| {name} | {args.scans / wall:.2f} | {wall:.1f} | {base / wall:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
