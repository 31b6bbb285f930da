"""OCR overhead: `opis ingest` of scanned pages against raw `tesseract` on the same pages and language,
at --jobs 1 and --jobs 2, interleaved in one run, as wall time and as CPU time.

    .venv/bin/python bench/ingest/ocr_overhead.py [--scans 3] [--rounds 1] [--pdf] [--profile]

Each round runs, in turn (the order reversed every other round, so a machine that gets busier slows
both alike): raw `tesseract IMG stdout -l rus tsv` (one thread each, N at a time) on the page images,
`opis ingest DIR --language ru --jobs N` on a fresh data folder (start-up, hashing, the sandboxed
parse with OCR, extraction with the Russian NER, the store commit and the index catch-up), and the
same command on an empty folder (its start-up alone, which a page does not pay again). CPU is the
user + system time of the run's processes and all their children (getrusage), which on a shared
machine says more than wall time: other people's work slows the wall clock, not our CPU.

``--pdf``: the pages go in as one multi-page scanned PDF (read page by page, jobs.ocrpages) rather than
as one PNG per page. ``--profile``: also profile (cProfile) where the CPU outside Tesseract goes:
the parse of one page in this process (its own CPU beside the Tesseract child) and the `opis ingest`
main process; each prints its top functions by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from PIL import Image  # noqa: E402
from run import make_scans  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def raw(scans: list[Path], jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of raw Tesseract on ``scans``, ``jobs`` at a time."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "stdout", "-l", "rus", "tsv"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    cpu, start = _children_cpu(), time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, scans))
    return time.perf_counter() - start, _children_cpu() - cpu


def _env() -> dict[str, str]:
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false", "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    # An installed opis has its bytecode compiled; a shell with PYTHONDONTWRITEBYTECODE (ours has it)
    # would compile every module again in each of the run's three processes (1.3-3.9 s of CPU).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def opis(folder: Path, jobs: int, profile: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of `opis ingest` of ``folder`` on a fresh data folder."""
    data = Path(tempfile.mkdtemp(prefix="opis-bench-ocr-"))
    env = _env()
    how = ["-m", "cProfile", "-o", str(profile)] if profile else []
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, *how, "-m", "opis", "ingest", str(folder), "--data-dir", str(data),
                    "--jobs", str(jobs), "--language", "ru", "--json"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall, used = time.perf_counter() - start, _children_cpu() - cpu
    shutil.rmtree(data, ignore_errors=True)
    return wall, used


def as_pdf(scans: list[Path], folder: Path) -> Path:
    folder.mkdir()
    images = [Image.open(s).convert("L") for s in scans]
    out = folder / "scan.pdf"
    images[0].save(out, save_all=True, append_images=images[1:], resolution=300.0)
    return out


def profile_parse(scan: Path) -> None:
    """cProfile of one page's parse in this process: its own CPU beside the Tesseract child."""
    from opis.ingest import ParseOptions, parse_file
    from opis.plugins import load_plugins

    load_plugins()
    profiler = cProfile.Profile()
    before, child = os.times(), _children_cpu()
    profiler.enable()
    parse_file(scan, ParseOptions(languages=("ru",)))
    profiler.disable()
    after = os.times()
    print(f"\nparse of one page: own CPU {after.user + after.system - before.user - before.system:.2f} s, "
          f"Tesseract child CPU {_children_cpu() - child:.2f} s")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(8)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="opis-bench-ocr-"))
    scans = make_scans(work / "scans", args.scans)
    folder = as_pdf(scans, work / "pdf").parent if args.pdf else scans[0].parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], env=_env(), check=True)
    empty = work / "empty"
    empty.mkdir()
    runs: dict[str, list[tuple[float, float]]] = {}
    for k in range(args.rounds):
        for jobs in (1, 2):
            # "fixed": `opis ingest` of an empty folder, the same command's start-up (interpreter, store,
            # the extraction child loading the Russian NER) without a page: what a page costs beside it.
            order = [("raw", jobs), ("opis", jobs), ("fixed", jobs)]
            for what, n in (order if k % 2 == 0 else list(reversed(order))):
                took = raw(scans, n) if what == "raw" else opis(folder if what == "opis" else empty, n)
                runs.setdefault(f"{what} {n}", []).append(took)
                print(f"round {k + 1}: {what} --jobs {n}: wall {took[0]:.1f} s, CPU {took[1]:.1f} s", flush=True)
    print(f"\n{args.scans} pages ({'one scanned PDF' if args.pdf else 'one PNG each'}), {args.rounds} round(s), "
          f"load {os.getloadavg()[0]:.1f}; medians")
    print("| --jobs | raw wall | opis wall | wall ratio | raw CPU | opis CPU | CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    marginal = []
    for jobs in (1, 2):
        r, o, f = runs[f"raw {jobs}"], runs[f"opis {jobs}"], runs[f"fixed {jobs}"]
        rw, ow = statistics.median(x[0] for x in r), statistics.median(x[0] for x in o)
        rc, oc = statistics.median(x[1] for x in r), statistics.median(x[1] for x in o)
        fc = statistics.median(x[1] for x in f)
        print(f"| {jobs} | {rw:.1f} s | {ow:.1f} s | {ow / rw:.2f}× | {rc:.1f} s | {oc:.1f} s | {oc / rc:.2f}× |")
        marginal.append(f"| {jobs} | {fc:.1f} s | {(oc - fc) / args.scans:.2f} s | {rc / args.scans:.2f} s "
                        f"| {(oc - fc) / rc:.2f}× |")
    print("\nCPU beside the start-up: `opis ingest` of the pages less `opis ingest` of an empty folder")
    print("| --jobs | start-up CPU | opis CPU a page | raw CPU a page | ratio |\n|---|---|---|---|---|")
    print("\n".join(marginal))
    if args.profile:
        profile_parse(scans[0])
        out = work / "main.prof"
        opis(folder, 1, out)
        print("\n`opis ingest --jobs 1` main process (children's CPU not in it):")
        pstats.Stats(str(out)).sort_stats("tottime").print_stats(10)
        pstats.Stats(str(out)).sort_stats("cumulative").print_stats(12)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
