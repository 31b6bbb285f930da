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
    _run("ingest", str(folder / "page.png"), "--collection", "Telegrams", "--data-dir", str(folder / "data"))
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


@pytest.mark.parametrize("width", [360, 1280])
def test_search_lights_the_word_on_the_plain_scan_without_script(browser: Any, scanned: str, width: int) -> None:
    context = browser.new_context(base_url=scanned, viewport={"width": width, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        doc = page.request.get("/search.json?q=harvest").json()["hits"][0]["id"]
        page.goto(f"/documents/{doc}")
        page.fill("#within-q", "harvest")
        page.click("form.within button")
        mark = page.locator(".scan-hit").first
        mark.scroll_into_view_if_needed()
        page.wait_for_function("() => { const i = document.querySelector('.scans img'); "
                               "return i && i.complete && i.naturalWidth > 0; }", timeout=20_000)
        box, pic = mark.bounding_box(), page.locator(".scans img").first.bounding_box()
        assert box is not None and pic is not None
        # "harvest" was typed after "The " on the third line (x 120, y 290 of a 1240×1754 page): its mark is there.
        font = ImageFont.truetype(FONT, 36) if Path(FONT).exists() else ImageFont.load_default()
        x0, y0, _, _ = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((120 + font.getlength("The "), 290),
                                                                        "harvest", font=font)
        assert abs((box["x"] - pic["x"]) / pic["width"] - x0 / 1240) < 0.01
        assert abs((box["y"] - pic["y"]) / pic["height"] - y0 / 1754) < 0.01
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_viewer_loads_the_manifest_tiles_and_the_search_hit(browser: Any, scanned: str, width: int) -> None:
    context = browser.new_context(base_url=scanned, viewport={"width": width, "height": 900})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    try:
        doc = page.request.get("/search.json?q=harvest").json()["hits"][0]["id"]
        page.goto(f"/documents/{doc}?q=harvest")
        page.click("button.viewer-open")
        page.wait_for_function("() => [...document.querySelectorAll('.viewer img.tile')]"
                               ".some(i => i.complete && i.naturalWidth > 0)", timeout=20_000)
        assert any(u.endswith("/manifest.json") for u in asked)
        assert any("/iiif/search/" in u and "q=harvest" in u for u in asked)
        hit, view = page.locator(".viewer .hit").first.bounding_box(), page.locator(".viewer").bounding_box()
        assert hit is not None and view is not None and hit["width"] > 0
        assert view["x"] <= hit["x"] and hit["x"] + hit["width"] <= view["x"] + view["width"]
        tiles_before = {u for u in asked if "/default.jpg" in u and "/full/" not in u}
        page.click("button[aria-label='Zoom in']")
        page.click("button[aria-label='Zoom in']")
        page.click("button[aria-label='Turn a quarter to the right']")
        assert "rotate(90deg)" in (page.locator(".viewer .stage").get_attribute("style") or "")
        page.wait_for_function("() => [...document.querySelectorAll('.viewer img.tile')]"
                               ".every(i => i.complete)", timeout=20_000)
        tiles_after = {u for u in asked if "/default.jpg" in u and "/full/" not in u}
        assert tiles_after - tiles_before, "zooming in asked for no finer tiles"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        shot(page, f"viewer-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_thumbnails_in_search_results_and_on_the_collection_page(browser: Any, scanned: str, width: int) -> None:
    context = browser.new_context(base_url=scanned, viewport={"width": width, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        items = page.request.get("/collections.json").json()["items"]
        target = next(c for c in items if c["title"] == "Telegrams")
        for url in ("/search?q=harvest", f"/collections/{target['id']}"):
            page.goto(url)
            thumb = page.locator("img.thumb").first
            thumb.scroll_into_view_if_needed()
            page.wait_for_function("() => { const i = document.querySelector('img.thumb'); "
                                   "return i && i.complete && i.naturalWidth > 0; }", timeout=20_000)
            assert "/iiif/image/" in (thumb.get_attribute("src") or "")
            shown = thumb.bounding_box()
            assert shown is not None and shown["width"] <= 120
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
            shot(page, f"thumbnails-{url.split('/')[1].split('?')[0]}-{width}")
    finally:
        context.close()
