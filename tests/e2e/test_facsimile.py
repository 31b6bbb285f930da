"""A document's scan on its page in a real browser, at 360 and 1280 px: the IIIF picture loads (no
script needed), the right size is chosen from the srcset, and nothing scrolls sideways.

The page image is generated here (typed lines on a white A4-shaped page at 150 dpi) and ingested
like any uploaded scan; it is test material, not a scan of a real document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.e2e.conftest import _run, serving, shot

LINES = ["TELEGRAM", "Pyongyang, 12 May 1950", "The harvest is good.", "Coal deliveries continue."]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("facsimile")
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 36) if Path(FONT).exists() else ImageFont.load_default()
    for n, line in enumerate(LINES):
        draw.text((120, 150 + n * 70), line, font=font, fill=0)
    img.save(folder / "page.png")
    _run("init", "--data-dir", str(folder / "data"))
    _run("ingest", str(folder / "page.png"), "--data-dir", str(folder / "data"))
    with serving(folder / "data", "/static/opis.css") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_scan_shows_without_sideways_scroll(browser: Any, scanned: str, width: int) -> None:
    context = browser.new_context(base_url=scanned, viewport={"width": width, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        found = page.request.get("/search.json?q=harvest").json()["hits"]
        assert found, "the ingested page was not found by its OCR text"
        page.goto(f"/documents/{found[0]['id']}")
        img = page.locator(".scans img").first
        img.scroll_into_view_if_needed()
        page.wait_for_function("() => { const i = document.querySelector('.scans img'); "
                               "return i && i.complete && i.naturalWidth > 0; }", timeout=20_000)
        natural = page.evaluate("() => document.querySelector('.scans img').naturalWidth")
        shown = img.bounding_box()
        assert shown is not None and 0 < shown["width"] <= width
        assert natural in (360, 720, 1200) and natural >= min(shown["width"], 1200) * 0.5
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        manifest = page.request.get(page.locator("a", has_text="IIIF manifest").get_attribute("href") or "")
        assert manifest.ok and manifest.json()["items"][0]["width"] == 1240
        shot(page, f"facsimile-{width}", full_page=True)
    finally:
        context.close()
