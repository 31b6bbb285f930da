"""Text ingest of two trees, side by side in one run: extract_all, and `opis ingest` at --jobs 1 and --jobs 2.

    .venv/bin/python bench/ingest/ingest_ab.py --old OTHER/src [--rounds 3] [--n 120] [--out FILE]

Each round starts one child process per tree (``alternate.py``: the trees take turns, their order
swapped every round). A child times, on the bench's mixed English/Russian texts (``run.make_texts``),
``extract_all`` in process (CPU ms per document, best of three passes over 40 texts after a warm-up,
names linked to an empty archive's authorities) and then the real command, ``python -m opis ingest
DIR --jobs N`` on a fresh data folder, N = 1 and 2, for ``--n`` texts and again for the first 10 of
them (and at ``--jobs 1`` once more into a data folder that took ``--n`` other texts before: a later batch,
whose search index already has the keys of the words it saw): documents per second of wall time,
and CPU ms per document (user + system of the command and every process it started, which a shared
machine disturbs far less than wall time), the second run taken off the first so that start-up
(interpreter, extraction children, the Russian model) is not spread over the documents; start-up's own
CPU is shown apart. The table gives the median over rounds and the load average while it ran.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from alternate import ab_parser, alternating  # noqa: E402
from run import bench_texts, make_texts  # noqa: E402


def _extract_ms() -> float:
    from opis.extract.names.entities import AuthorityIndex
    from opis.extract.pipeline import extract_all
    from opis.ingest.language import guess_language

    texts = bench_texts(40)
    languages = [guess_language(t) for t in texts]
    names = AuthorityIndex([])
    best = float("inf")
    for k in range(4):
        started = time.process_time()
        for text, language in zip(texts, languages, strict=True):
            extract_all(text, language, names)
        if k:  # the first pass warms the caches and loads the models
            best = min(best, time.process_time() - started)
    return best * 1000 / len(texts)


def _ingest(folder: Path, jobs: int, data: Path | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the command and all its children) of one `opis ingest` run
    into ``data`` (kept), or into a fresh data folder (removed after)."""
    keep = data is not None
    data = data or Path(tempfile.mkdtemp(prefix="opis-ab-data-"))
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "opis", "ingest", str(folder), "--data-dir", str(data), "--jobs", str(jobs),
                    "--json"], env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not keep:
        shutil.rmtree(data, ignore_errors=True)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


SMALL = 10  # texts in the run whose cost is taken off, to leave the cost per document without start-up


def child(n: int) -> dict[str, float]:
    out = {"extract_all_ms": _extract_ms()}
    with tempfile.TemporaryDirectory() as tmp:
        folder, small = Path(tmp) / "texts", Path(tmp) / "small"
        make_texts(folder, n, random.Random(1950))
        small.mkdir()
        for path in sorted(folder.iterdir())[:SMALL]:
            (small / path.name).write_bytes(path.read_bytes())
        for jobs in (1, 2):
            wall, cpu = _ingest(folder, jobs)
            small_wall, small_cpu = _ingest(small, jobs)
            out[f"docs_per_s_jobs{jobs}"] = n / wall
            out[f"steady_docs_per_s_jobs{jobs}"] = (n - SMALL) / max(wall - small_wall, 1e-9)
            out[f"cpu_ms_jobs{jobs}"] = (cpu - small_cpu) * 1000 / (n - SMALL)
            out[f"start_cpu_s_jobs{jobs}"] = small_cpu - SMALL * (cpu - small_cpu) / (n - SMALL)
        # A later batch: the same texts into an archive (and index) that took another batch before,
        # start-up taken off as measured above.
        earlier, data = Path(tmp) / "earlier", Path(tmp) / "data"
        make_texts(earlier, n, random.Random(1951))
        _ingest(earlier, 1, data)
        _, cpu = _ingest(folder, 1, data)
        out["later_cpu_ms_jobs1"] = (cpu - out["start_cpu_s_jobs1"]) * 1000 / n
    out["jobs2_over_jobs1"] = out["docs_per_s_jobs2"] / out["docs_per_s_jobs1"]
    return out


ROWS = (("extract_all_ms", "`extract_all`, CPU ms per document (in process)"),
        ("cpu_ms_jobs1", "`opis ingest --jobs 1`, CPU ms per document (all processes, start-up taken off)"),
        ("cpu_ms_jobs2", "`opis ingest --jobs 2`, CPU ms per document (all processes, start-up taken off)"),
        ("later_cpu_ms_jobs1",
         "`opis ingest --jobs 1` of a later batch (the archive holds another), CPU ms per document"),
        ("start_cpu_s_jobs1", "`opis ingest --jobs 1`, CPU s of start-up (all processes)"),
        ("start_cpu_s_jobs2", "`opis ingest --jobs 2`, CPU s of start-up (all processes)"),
        ("docs_per_s_jobs1", "`opis ingest --jobs 1`, documents per second (wall)"),
        ("docs_per_s_jobs2", "`opis ingest --jobs 2`, documents per second (wall)"),
        ("steady_docs_per_s_jobs1", "`--jobs 1`, documents per second (wall, start-up taken off)"),
        ("steady_docs_per_s_jobs2", "`--jobs 2`, documents per second (wall, start-up taken off)"),
        ("jobs2_over_jobs1", "`--jobs 2` ÷ `--jobs 1` (wall rate)"))


def main() -> int:
    parser = ab_parser(__doc__.splitlines()[0], rounds=3, n=120)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.n)))
        return 0
    if args.old is None:
        parser.error("--old is required")
    loads = [os.getloadavg()[0]]
    runs = alternating(__file__, {"old": args.old, "new": HERE.parents[1] / "src"}, args.rounds, args.n)
    loads.append(os.getloadavg()[0])
    lines = [f"{args.n} bench texts per `opis ingest` run, {args.rounds} rounds, median; load average "
             f"{min(loads):.1f}–{max(loads):.1f} (start, end)", "",
             "| measure | old | new | new ÷ old |", "|---|---|---|---|"]
    for key, label in ROWS:
        old = statistics.median(r[key] for r in runs["old"])
        now = statistics.median(r[key] for r in runs["new"])
        lines.append(f"| {label} | {old:.2f} | {now:.2f} | {now / old:.2f} |")
    lines += ["", "every round: " + json.dumps(runs)]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
