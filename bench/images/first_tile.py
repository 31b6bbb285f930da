"""The first tile a reader waits for, through the whole Image API route, in an archive of N documents.

Run on demand (never as a timed test; kept small on the shared machine):

    PYTHONPATH=src .venv/bin/python bench/images/first_tile.py --docs 2000 20000

For each N, a fresh SQLite archive gets N documents, each holding an original of its own (the access
rule counts an original's holders through ``record_links``, so that table grows with N), and one
of them holds the generated 600 dpi A4 page of ``tiles.py`` as JPEG. Through the real app
(``TestClient``, in process) it times:
- ``access``: ``Archive.original_info`` alone, the part that grows with the archive (median of 200);
- ``first tile``: GET of the top-left 512-px tile at full resolution with an empty derived cache
  (the Image API's worst first request: decode, crop, encode, write), median of 5, each with a new cache
  (the page's pyramid, which that tile starts on a worker thread, is waited for between the requests);
- ``cached tile``: the same request again (served from the disk cache), median of 50.
Server time is the request's time inside the process (no network), with the search index already
caught up (the indexer thread would otherwise compete for the core while the tiles are timed). The baseline is the same
request at the smallest N in the same run: the ratio shows what the archive's size adds.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.images.tiles import make_page
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.images import ImageCache
from opis.images.pyramid import has_pyramid
from opis.index import Indexer, SearchIndex
from opis.model import AttachedOriginal, Document, make_id
from opis.store.access import ANONYMOUS
from opis.store.archive import Archive
from opis.web.app import create_app


def build(folder: Path, docs: int, page: Path) -> tuple[Settings, Archive, str]:
    settings = Settings(data_dir=folder / "data", load_sample=False)
    archive = Archive.open(settings)
    sha, _, _ = archive.add_original(page, "page.jpg", "image/jpeg")
    for n in range(docs):
        own = sha if n == docs // 2 else hashlib.sha256(f"original {n}".encode()).hexdigest()
        archive.put(Document(id=make_id("document", "bench", str(n)), title=f"Document {n}", genre="letter",
                             originals=[AttachedOriginal(sha256=own, filename=f"p{n}.jpg", media_type="image/jpeg",
                                                         role="scan")]), "bench")
    return settings, archive, sha


def ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def measure(settings: Settings, archive: Archive, sha: str) -> dict[str, float]:
    access = []
    for _ in range(200):
        t0 = time.perf_counter()
        archive.original_info(sha, ANONYMOUS)
        access.append(time.perf_counter() - t0)
    url = f"/iiif/image/{sha}/0,0,512,512/512,/0/default.jpg"
    cache = settings.data_dir / "derived" / "images"
    first, cached = [], []
    # The search index is brought up to date first: otherwise the app's indexer thread would be
    # indexing the N documents while the tiles are timed, and the bench would measure that.
    index = SearchIndex.open(settings.index_dir)
    Indexer(archive, index).catch_up()
    with TestClient(create_app(settings, archive, index)) as client:
        for _ in range(5):
            shutil.rmtree(cache, ignore_errors=True)
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200
            first.append(time.perf_counter() - t0)
            settle(cache, sha)
        for _ in range(50):
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200
            cached.append(time.perf_counter() - t0)
    return {"access_ms": ms(access), "first_tile_ms": ms(first), "cached_tile_ms": ms(cached)}


def settle(cache: Path, sha: str) -> None:
    """Wait for the page pyramid the first tile started on the app's worker thread (it would otherwise
    share the core with the next timed request, and the next rmtree would pull its folder away)."""
    deadline = time.monotonic() + 60
    while not has_pyramid(ImageCache(cache), sha) and time.monotonic() < deadline:
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = make_page(Path(tmp))["jpg"]
        base: dict[str, float] | None = None
        for docs in args.docs:
            t0 = time.perf_counter()
            settings, archive, sha = build(Path(tmp) / f"n{docs}", docs, page)
            load = time.perf_counter() - t0
            result = measure(settings, archive, sha)
            base = base or result
            ratios = " ".join(f"{k[:-3]}_ratio={v / base[k]:.2f}" for k, v in result.items())
            print(f"docs={docs} load_s={load:.0f} " + " ".join(f"{k}={v:.2f}" for k, v in result.items())
                  + f" {ratios}", flush=True)


if __name__ == "__main__":
    main()
