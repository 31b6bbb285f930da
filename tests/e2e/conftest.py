"""A real server for browser tests: uvicorn on 127.0.0.1 over a fresh store with the sample
collection loaded and the seed paper ingested, driven by Playwright through Debian's chromium.

Only the Playwright package is used (it ships its driver); browsers are never downloaded. With
CI=true a missing chromium or Playwright fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, REPO_ROOT, SHARED

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SEED_PAPER = "004_211dc3dc4bb9e61b.txt"
OPIS = [sys.executable, "-m", "opis"]
SHOTS = os.environ.get("OPIS_SCREENSHOTS")  # a folder: the journeys save screenshots of the pages they pass there


SHOT_MAX_HEIGHT = 4000  # px: a whole long page (the seed paper is 42,000 px at 360) would put megabytes into docs/


def shot(page: Any, name: str, full_page: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        clip = None
        if full_page:
            root = "document.documentElement"
            width, height = page.evaluate(f"[{root}.scrollWidth, {root}.scrollHeight]")
            clip = {"x": 0, "y": 0, "width": width, "height": min(height, SHOT_MAX_HEIGHT)}
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page, clip=clip)


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"browser tests need this in CI: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str) -> None:
    subprocess.run([*OPIS, *args], check=True, capture_output=True, cwd=REPO_ROOT, timeout=600)


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own server on 127.0.0.1)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer on {url}")


@contextmanager
def serving(data: Path, ready_path: str) -> Iterator[str]:
    """`opis serve` over ``data`` on a free port, once ``ready_path`` answers; stopped on leaving."""
    port = _free_port()
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false"}
    process = subprocess.Popen([*OPIS, "serve", "--data-dir", str(data), "--host", "127.0.0.1", "--port", str(port)],
                               cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + ready_path, process)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    seed = SHARED / "seeds" / SEED_PAPER
    if not seed.exists():
        _unavailable(f"the seed paper is missing: {seed}")
    data = tmp_path_factory.mktemp("e2e") / "data"
    _run("init", "--sample", "--data-dir", str(data))
    _run("ingest", str(seed), "--data-dir", str(data))
    with serving(data, "/static/opis.css") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
