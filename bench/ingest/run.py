"""Ingest benchmark: documents per second for text and PDF with a text layer, OCR pages per second
against raw `tesseract` on the same pages, and peak memory, with --jobs 1 and --jobs 2.

    .venv/bin/python bench/ingest/run.py [--texts 200] [--pdfs 60] [--scans 8] [--out bench/ingest/results.md]

Each measurement runs the real command (`python -m opis ingest DIR --jobs N`) on a fresh data
folder, so it includes hashing, the sandboxed parse, extraction and the store commit. Raw
Tesseract runs the same page images with the same language and one thread, in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from ingest_support import find_font, text_pdf_bytes  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402


def paragraphs() -> list[str]:
    """Real prose to draw from: the seeds and the FRUS excerpts' text."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    for xml in sorted((SHARED / "data" / "frus" / "volumes").glob("*.xml")):
        texts.append(re.sub(r"<[^>]+>", " ", xml.read_text(encoding="utf-8")))
    paras = [re.sub(r"\s+", " ", p).strip() for t in texts for p in t.split("\n\n")]
    return [p for p in paras if len(p) > 200]


def bench_texts(n: int, seed: int = 18) -> list[str]:
    """The texts of ``make_texts`` in memory, in file order (the extractor benches time these)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        make_texts(folder, n, random.Random(seed))
        return [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]


def make_texts(folder: Path, n: int, rng: random.Random) -> None:
    pool = paragraphs()
    folder.mkdir(parents=True)
    for i in range(n):
        body = "\n\n".join(rng.sample(pool, 6))
        (folder / f"doc-{i:05d}.txt").write_text(f"Document {i}\n\n{body}\n", encoding="utf-8")


def make_pdfs(folder: Path, n: int, rng: random.Random) -> None:
    pool = [p.encode("ascii", "ignore").decode() for p in paragraphs()]
    folder.mkdir(parents=True)
    for i in range(n):
        pages = [" ".join(rng.sample(pool, 2))[:1800] for _ in range(3)]
        (folder / f"paper-{i:04d}.pdf").write_bytes(text_pdf_bytes([f"Paper {i}. {p}" for p in pages]))


def make_scans(folder: Path, n: int) -> list[Path]:
    """Page images of Russian text as a clean 300 dpi scan would look."""
    folder.mkdir(parents=True)
    font_path, index = find_font("DejaVuSans.ttf")
    font = ImageFont.truetype(str(font_path), 40, index=index)
    line = "Совершенно секретно. Товарищу Сталину И.В. О направлении специалистов в Корею, май 1947 г."
    out = []
    for i in range(n):
        image = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(image)
        for row in range(40):
            draw.text((150, 150 + row * 80), f"{row + 1 + i}. {line[: 40 + (row * 7 + i) % 50]}", font=font, fill=0)
        path = folder / f"scan-{i:03d}.png"
        image.save(path, dpi=(300, 300))
        out.append(path)
    return out


def run_opis(folder: Path, jobs: int, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the largest process of one `opis ingest` run."""
    data = Path(tempfile.mkdtemp(prefix="opis-bench-data-"))
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "opis", "ingest", str(folder), "--data-dir", str(data), "--jobs",
                    str(jobs), "--json", *extra], env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    shutil.rmtree(data, ignore_errors=True)
    return wall, peak


def run_tesseract(scans: list[Path], jobs: int, lang: str) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "stdout", "-l", lang, "tsv"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, scans))
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=60)
    parser.add_argument("--scans", type=int, default=8)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "ingest" / "results.md")
    args = parser.parse_args()
    rng = random.Random(1950)
    work = Path(tempfile.mkdtemp(prefix="opis-bench-"))
    make_texts(work / "texts", args.texts, rng)
    make_pdfs(work / "pdfs", args.pdfs, rng)
    scans = make_scans(work / "scans", args.scans)
    rows = []
    for jobs in (1, 2):
        for label, folder, count, unit, extra in (
            ("text", work / "texts", args.texts, "docs", []),
            ("pdf (text layer, 3 pages)", work / "pdfs", args.pdfs, "docs", []),
            ("scans, OCR (--language ru)", work / "scans", args.scans, "pages", ["--language", "ru"]),
        ):
            wall, peak = run_opis(folder, jobs, extra)
            rows.append((label, jobs, count / wall, unit, peak, wall))
            print(f"{label} jobs={jobs}: {count / wall:.2f} {unit}/s, peak {peak:.0f} MiB", flush=True)
        raw = run_tesseract(scans, jobs, "rus")
        rows.append(("raw tesseract -l rus (same pages)", jobs, len(scans) / raw, "pages", 0.0, raw))
        print(f"raw tesseract jobs={jobs}: {len(scans) / raw:.2f} pages/s", flush=True)
    lines = ["| input | --jobs | rate | peak RSS (largest process) | wall |", "|---|---|---|---|---|"]
    for label, jobs, rate, unit, peak, wall in rows:
        memory = f"{peak:.0f} MiB" if peak else "–"
        lines.append(f"| {label} | {jobs} | {rate:.2f} {unit}/s | {memory} | {wall:.1f} s |")
    for jobs in (1, 2):
        ours = next(r for r in rows if r[1] == jobs and r[0].startswith("scans"))
        raw_row = next(r for r in rows if r[1] == jobs and r[0].startswith("raw"))
        lines.append(f"\nOCR overhead with --jobs {jobs}: opis takes {ours[5] / raw_row[5]:.2f}× the time of raw "
                     f"tesseract on the same {args.scans} pages ({(ours[5] / raw_row[5] - 1) * 100:+.0f}%).")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
