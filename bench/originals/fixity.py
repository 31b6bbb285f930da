"""The fixity check's rate over originals in a folder and in an S3 bucket (moto's server on loopback),
against a bare read-and-hash loop over the same files, in one run, rounds interleaved.

    .venv/bin/python bench/originals/fixity.py [--files 100] [--kb 512] [--rounds 3]

The files are random bytes (hashing does not care what they hold). Each is listed in a SQLite store
through ``Archive.add_original``, once into a folder and once into a bucket. One round times, in turn:
the bare loop (open, read 1 MiB blocks, SHA-256: the floor any check pays), the fixity check with the
folder, and the check with the bucket. CPU time is this process's (the moto server runs in one of its
threads, so the bucket's CPU includes the server's side too); wall time is also given.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support.s3 import CREDENTIALS, moto_server, new_bucket  # noqa: E402

from opis.jobs.fixity import check  # noqa: E402
from opis.store.archive import Archive  # noqa: E402
from opis.store.db import make_engine, migrate  # noqa: E402
from opis.store.fixity import start_run  # noqa: E402
from opis.store.originals import CHUNK, Originals, OriginalsDir  # noqa: E402
from opis.store.originals.s3 import S3Originals  # noqa: E402


def archive_with(home: Originals, files: list[Path], where: Path) -> Archive:
    engine = make_engine(f"sqlite:///{where / 'opis.sqlite3'}", 60_000)
    migrate(engine)
    archive = Archive(engine, home)
    for f in files:
        archive.add_original(f, f.name, "application/octet-stream")
    return archive


def bare(files: list[Path]) -> None:
    for f in files:
        digest = hashlib.sha256()
        with f.open("rb") as fh:
            while block := fh.read(CHUNK):
                digest.update(block)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--kb", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.update(CREDENTIALS)
    tmp = Path(tempfile.mkdtemp(prefix="opis-bench-fixity-"))
    source = tmp / "source"
    source.mkdir()
    files = []
    for n in range(args.files):
        path = source / f"original-{n:04d}.bin"
        path.write_bytes(os.urandom(args.kb * 1024))
        files.append(path)
    total_mb = args.files * args.kb / 1024
    with moto_server() as endpoint:
        (tmp / "files").mkdir()
        (tmp / "s3").mkdir()
        on_files = archive_with(OriginalsDir(tmp / "files" / "originals"), files, tmp / "files")
        on_s3 = archive_with(S3Originals(new_bucket(endpoint), "bench", tmp / "s3" / "cache", endpoint), files,
                             tmp / "s3")
        stored = sorted(p for p in (tmp / "files" / "originals").rglob("*") if p.is_file())
        runs: dict[str, Callable[[], object]] = {
            "bare read + sha256 (folder)": lambda: bare(stored),
            "fixity check, folder": lambda: check(on_files, start_run(on_files, "bench", "folder")),
            "fixity check, S3 (moto)": lambda: check(on_s3, start_run(on_s3, "bench", "s3")),
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, fn in runs.items():
                results[name].append(timed(fn))
    base_cpu = statistics.median(c for c, _ in results["bare read + sha256 (folder)"])
    print(f"{args.files} originals of {args.kb} KB ({total_mb:.0f} MB), {args.rounds} rounds, medians")
    print("| what | CPU s | wall s | MB/s (wall) | CPU against the bare loop |")
    print("|---|---|---|---|---|")
    for name, times in results.items():
        cpu = statistics.median(c for c, _ in times)
        wall = statistics.median(w for _, w in times)
        print(f"| {name} | {cpu:.2f} | {wall:.2f} | {total_mb / wall:.0f} | {cpu / base_cpu:.2f}× |")


if __name__ == "__main__":
    main()
