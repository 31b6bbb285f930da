"""Screenshots of every reading-room page type at 360 and 1280 px, in English and Russian, into docs/screenshots/.

    python scripts/screenshots.py                 # a fresh store: the sample collection and the seed paper
    python scripts/screenshots.py --url http://127.0.0.1:8000   # a server already running

Each picture is the top of the page (at most 1,800 px tall), reduced to 128 colours so the PNGs stay small.
Uses Debian's chromium through Playwright, as the browser tests do.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SEED = ROOT.parent / "shared" / "seeds" / "004_211dc3dc4bb9e61b.txt"
WIDTHS = (360, 1280)
LANGS = ("en", "ru")
TALLEST = 1800
OPIS = [sys.executable, "-m", "opis"]


def _get(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as r:  # noqa: S310 (our own server)
        return json.load(r)


def page_types(base: str) -> dict[str, str]:
    """One URL per page type, found through the JSON twins (as tests/e2e/test_axe.py finds them)."""
    person = _get(base, "/search.json?q=Shtykov")["names"][0]["id"]
    place = next(n["id"] for n in _get(base, "/search.json?q=Pyongyang")["names"] if n["kind"] == "place")
    document = _get(base, "/search.json?q=coal")["hits"][0]["id"]
    paper = _get(base, "/search.json?q=title:reconstruction")["hits"]
    collection = _get(base, "/collections.json")["items"][0]["id"]
    found = {"home": "/", "search": "/search?q=coal", "document": f"/documents/{document}",
             "person": f"/authorities/{person}", "place": f"/authorities/{place}", "archives": "/repositories",
             "tree": "/repositories/rgae/fonds/413/opisi/13/dela/5467", "timeline": "/timeline",
             "timeline-zoomed": "/timeline?from=1946&to=1947", "subjects": "/subjects",
             "collections": "/collections", "collection": f"/collections/{collection}", "sign-in": "/login"}
    if paper:
        found["paper"] = f"/documents/{paper[0]['id']}"
    return found


@contextmanager
def server() -> Iterator[str]:
    """`opis serve` over a fresh store in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "data")
        subprocess.run([*OPIS, "init", "--sample", "--data-dir", data], check=True, capture_output=True)
        if SEED.exists():
            subprocess.run([*OPIS, "ingest", str(SEED), "--data-dir", data], check=True, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "OPIS_LOAD_SAMPLE": "false"}
        process = subprocess.Popen([*OPIS, "serve", "--data-dir", data, "--host", "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/static/opis.css", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            process.wait(10)


def small_png(raw: bytes) -> bytes:
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=128).save(out, format="PNG", optimize=True)
    return out.getvalue()


def shoot(base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    saved = []
    urls = page_types(base)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        for lang in LANGS:
            for width in WIDTHS:
                context = browser.new_context(base_url=base, viewport={"width": width, "height": 900})
                context.add_cookies([{"name": "lang", "value": lang, "url": base}])
                page = context.new_page()
                for name, url in urls.items():
                    page.goto(url)
                    height = min(TALLEST, page.evaluate("document.documentElement.scrollHeight"))
                    raw = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
                    path = OUT / f"{name}-{width}-{lang}.png"
                    path.write_bytes(small_png(raw))
                    saved.append(path)
                context.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running opis server (default: start one over a fresh sample store)")
    args = parser.parse_args()
    if args.url:
        saved = shoot(args.url.rstrip("/"))
    else:
        with server() as base:
            saved = shoot(base)
    total = sum(p.stat().st_size for p in saved)
    print(f"{len(saved)} screenshots, {total // 1024} KiB, in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
