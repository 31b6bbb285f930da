"""Tile generation for one 600 dpi A4 page (4960x7016), one core: opis.images against `vips dzsave`.

Run on demand (never as a timed test):  python bench/images/tiles.py [--full-res-sample 8]
The page is generated (greyscale noise over white with dark text-like bars, saved as JPEG q90 and
as PNG), so the run needs no data. Scale-1 tiles are timed on a sample and extrapolated (each one
decodes the whole file again, which is the point being measured); every lower level is made whole.
`vips dzsave` (Debian libvips-tools) is the baseline when installed, else skipped."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from opis.images import ImageCache, parse_request
from opis.images.derive import TILE

A4_600DPI = (4960, 7016)


def make_page(folder: Path) -> dict[str, Path]:
    img = Image.new("L", A4_600DPI, 245)
    draw = ImageDraw.Draw(img)
    rng = random.Random(7)
    for line in range(60, A4_600DPI[1] - 200, 110):  # lines of "words"
        x = 400
        while x < A4_600DPI[0] - 500:
            w = rng.randint(80, 420)
            draw.rectangle((x, line, x + w, line + 55), fill=rng.randint(20, 80))
            x += w + rng.randint(40, 90)
    paths = {"jpg": folder / "page.jpg", "png": folder / "page.png"}
    img.save(paths["jpg"], quality=90)
    img.save(paths["png"])
    return paths


def tile_requests(width: int, height: int, scale: int) -> list[tuple[str, str]]:
    step = TILE * scale
    out = []
    for y in range(0, height, step):
        for x in range(0, width, step):
            w, h = min(step, width - x), min(step, height - y)
            out.append((f"{x},{y},{w},{h}", f"{-(-w // scale)},"))
    return out


def ours(path: Path, cache_dir: Path, sample: int) -> dict[str, float]:
    width, height = A4_600DPI
    cache = ImageCache(cache_dir)
    first = time.perf_counter()
    cache.get("00" * 32, path, parse_request(*tile_requests(width, height, 1)[0], "0", "default.jpg", width, height))
    first_tile = time.perf_counter() - first
    full_res = tile_requests(width, height, 1)
    picked = full_res[1: 1 + sample]
    t0 = time.perf_counter()
    for region, size in picked:
        cache.get("00" * 32, path, parse_request(region, size, "0", "default.jpg", width, height))
    per_tile = (time.perf_counter() - t0) / len(picked)
    t1 = time.perf_counter()
    scale = 2
    lower = 0
    while max(width, height) / scale > TILE / 2:
        for region, size in tile_requests(width, height, scale):
            cache.get("00" * 32, path, parse_request(region, size, "0", "default.jpg", width, height))
            lower += 1
        scale *= 2
    lower_s = time.perf_counter() - t1
    return {"first_tile_s": first_tile, "scale1_tiles": len(full_res), "scale1_per_tile_s": per_tile,
            "lower_tiles": lower, "lower_s": lower_s, "page_total_s": per_tile * len(full_res) + lower_s}


def vips(path: Path, out: Path) -> float | None:
    if shutil.which("vips") is None:
        return None
    t0 = time.perf_counter()
    subprocess.run(["taskset", "-c", "0", "vips", "dzsave", str(path), str(out / "dz"), "--tile-size", str(TILE),
                    "--overlap", "0", "--suffix", ".jpg[Q=85]"], check=True, env={"VIPS_CONCURRENCY": "1"})
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full-res-sample", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt, path in make_page(folder).items():
            result = ours(path, folder / f"cache-{fmt}", args.full_res_sample)
            baseline = vips(path, folder / f"vips-{fmt}")
            line = " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items())
            ratio = f" vips_dzsave_s={baseline:.3f} ratio={result['page_total_s'] / baseline:.1f}x" if baseline else \
                " vips: not installed (skipped)"
            print(f"{fmt}: {line}{ratio}", flush=True)


if __name__ == "__main__":
    main()
