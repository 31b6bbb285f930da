"""Making one page's tiles, one core: tile by tile (each request decoding the page, as the Image API
route does on a cache miss) against the one-pass pyramid (`opis.images.pyramid`), and `vips dzsave`.

Run on demand (never as a timed test):  python bench/images/tiles.py [--repeat 3]
Pages: a generated 600 dpi A4 page (4960x7016 greyscale, text-like bars) and a real one, page 1 of
the FRUS document in tests/data/ingest drawn at 600 dpi by pdftoppm (3497x3780); each saved as JPEG
q90 and as PNG. Both ways make the same pictures: every tile viewer.js asks for at every scale
factor, and the whole page at the largest level at most 1024 wide. Tile by tile runs once (it is the
slow one); the pyramid runs --repeat times, each into an empty cache, and its medians are kept. Wall
and CPU time are both reported (the ratios use CPU time, which other jobs on a shared core disturb
less). The pictures of the two ways are compared (mean absolute difference, 0-255, the worst one)."""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageStat

from opis.images import ImageCache
from opis.images.derive import TILE
from opis.images.pyramid import level_pieces, make_pyramid, scale_factors

A4_600DPI = (4960, 7016)
FRUS_PDF = Path(__file__).resolve().parents[2] / "tests" / "data" / "ingest" / "frus1949v07p2-d191.libreoffice.pdf"
SHA = "00" * 32


def generated_page() -> Image.Image:
    img = Image.new("L", A4_600DPI, 245)
    draw = ImageDraw.Draw(img)
    rng = random.Random(7)
    for line in range(60, A4_600DPI[1] - 200, 110):  # lines of "words"
        x = 400
        while x < A4_600DPI[0] - 500:
            w = rng.randint(80, 420)
            draw.rectangle((x, line, x + w, line + 55), fill=rng.randint(20, 80))
            x += w + rng.randint(40, 90)
    return img


def make_page(folder: Path) -> dict[str, Path]:
    """The generated A4 page as JPEG q90 and PNG (bench/images/first_tile.py serves the JPEG)."""
    img = generated_page()
    paths = {"jpg": folder / "page.jpg", "png": folder / "page.png"}
    img.save(paths["jpg"], quality=90)
    img.save(paths["png"])
    return paths


def frus_page(folder: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", "600", "-f", "1", "-l", "1", "-gray", "-png", str(FRUS_PDF),
                    str(folder / "frus")], check=True)
    return Image.open(next(folder.glob("frus*.png"))).convert("L")


def make_pages(folder: Path) -> dict[str, Path]:
    paths = {}
    for name, img in (("A4 generated", generated_page()), ("FRUS page", frus_page(folder))):
        for fmt in ("jpg", "png"):
            path = folder / f"{name.split()[0]}.{fmt}"
            img.save(path, quality=90) if fmt == "jpg" else img.save(path)
            paths[f"{name} {fmt.upper().replace('JPG', 'JPEG')}"] = path
    return paths


def clocks() -> tuple[float, float]:
    """Wall and CPU seconds (this process and its finished children): on a shared machine the CPU
    time says what the work costs, the wall time what a reader would wait on an idle core."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + kids.ru_utime + kids.ru_stime


def since(start: tuple[float, float]) -> tuple[float, float]:
    now = clocks()
    return now[0] - start[0], now[1] - start[1]


def tile_by_tile(path: Path, cache_dir: Path) -> tuple[tuple[float, float], int]:
    with Image.open(path) as img:
        width, height = img.size
    cache = ImageCache(cache_dir)
    pieces = [p for f in scale_factors(width, height) for p in level_pieces(width, height, f)]
    start = clocks()
    for piece in pieces:
        cache.get(SHA, path, piece.request)
    return since(start), len(pieces)


def one_pass(path: Path, cache_dir: Path) -> tuple[float, float]:
    start = clocks()
    make_pyramid(ImageCache(cache_dir), SHA, path)
    return since(start)


def worst_difference(path: Path, old: Path, new: Path) -> float:
    with Image.open(path) as img:
        width, height = img.size
    worst = 0.0
    for f in scale_factors(width, height):
        for piece in level_pieces(width, height, f):
            a = Image.open(ImageCache(old).path_for(SHA, piece.request)).convert("L")
            b = Image.open(ImageCache(new).path_for(SHA, piece.request)).convert("L")
            worst = max(worst, ImageStat.Stat(ImageChops.difference(a, b)).mean[0])
    return worst


def vips(path: Path, out: Path) -> tuple[float, float] | None:
    if shutil.which("vips") is None:
        return None
    start = clocks()
    subprocess.run(["taskset", "-c", "0", "vips", "dzsave", str(path), str(out / "dz"), "--tile-size", str(TILE),
                    "--overlap", "0", "--suffix", ".jpg[Q=85]"], check=True, env={"VIPS_CONCURRENCY": "1"})
    return since(start)


def cell(wall_cpu: tuple[float, float]) -> str:
    return f"{wall_cpu[0]:.2f} s / {wall_cpu[1]:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| page | pictures | tile by tile (wall / CPU) | one pass (wall / CPU) | ratio (CPU) | `vips dzsave` "
          "(wall / CPU) | one pass / vips (CPU) | worst mean diff |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, path in make_pages(folder).items():
            stem = path.name.replace(".", "-")
            old, count = tile_by_tile(path, folder / f"old-{stem}")
            runs = [one_pass(path, folder / f"new-{stem}-{n}") for n in range(args.repeat)]
            new = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            base = vips(path, folder / f"vips-{stem}")
            diff = worst_difference(path, folder / f"old-{stem}", folder / f"new-{stem}-0")
            vips_cols = f"{cell(base)} | {new[1] / base[1]:.2f}×" if base else "not installed | —"
            print(f"| {name} | {count} | {cell(old)} | {cell(new)} | {old[1] / new[1]:.1f}× | {vips_cols} "
                  f"| {diff:.2f} |", flush=True)


if __name__ == "__main__":
    main()
