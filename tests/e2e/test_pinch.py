"""The deep-zoom viewer on a phone: a touch-enabled 360 px context, two-finger pinch and one-finger pan
through Pointer Events. The zoom level changes with the pinch, the picture moves with the finger, and
the page itself neither zooms nor scrolls sideways. The buttons keep working beside the gestures.

The document is the real three-frame TIFF of FRUS 1949 d191 in tests/data/images (see its provenance
note), ingested as an upload is: each frame is a page of the viewer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import _run, serving, shot

TIFF = Path(__file__).parent.parent / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}

# Pointer events as a touch screen sends them, dispatched on the viewer: ``steps`` is a list of
# (type, pointerId, x, y) in the view's own coordinates (from its top left corner).
DISPATCH = """([steps]) => {
  const view = document.querySelector('.viewer'), r = view.getBoundingClientRect();
  for (const [type, id, x, y] of steps) {
    view.dispatchEvent(new PointerEvent(type, {pointerId: id, pointerType: 'touch', isPrimary: id === 1,
      clientX: r.left + x, clientY: r.top + y, bubbles: true, cancelable: true,
      buttons: type === 'pointerup' ? 0 : 1}));
  }
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("pinch")
    _run("init", "--data-dir", str(folder / "data"))
    _run("ingest", str(TIFF), "--collection", "Memoranda", "--data-dir", str(folder / "data"))
    with serving(folder / "data", "/static/viewer.js") as url:
        yield url


def _open_viewer(page: Any) -> None:
    doc = page.request.get("/search.json?q=Butterworth").json()["hits"][0]["id"]
    page.goto(f"/documents/{doc}")
    page.click("button.viewer-open")
    page.wait_for_function("() => document.querySelector('.viewer[data-zoom]') && [...document.querySelectorAll("
                           "'.viewer img.tile')].some(i => i.complete && i.naturalWidth > 0)", timeout=30_000)
    page.locator(".viewer").scroll_into_view_if_needed()


def _zoom(page: Any) -> float:
    return float(page.get_attribute(".viewer", "data-zoom") or "nan")


def _centre(page: Any) -> tuple[float, float]:
    """The image point at the view's centre: the stage transform's last translate, negated."""
    style = page.locator(".viewer .stage").get_attribute("style") or ""
    x, y = re.findall(r"translate\(([-\d.e+]+)px,\s*([-\d.e+]+)px\)", style)[-1]
    return -float(x), -float(y)


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("() => window.scrollX") == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.evaluate("() => window.visualViewport ? window.visualViewport.scale : 1") == 1


def test_pinch_zooms_and_one_finger_pans(browser: Any, served: str) -> None:
    context = browser.new_context(base_url=served, **PHONE)
    page = context.new_page()
    try:
        _open_viewer(page)
        assert "Page 1 of 3" in page.inner_text(".viewer-bar output")
        fitted = _zoom(page)
        # Two fingers 40 px apart move to 200 px apart about the view's middle: five times the distance.
        box = page.locator(".viewer").bounding_box()
        mx, my = box["width"] / 2, box["height"] / 2
        steps = [("pointerdown", 1, mx - 20, my), ("pointerdown", 2, mx + 20, my)]
        steps += [("pointermove", 1, mx - d, my) for d in range(30, 101, 10)]
        steps += [("pointermove", 2, mx + d, my) for d in range(30, 101, 10)]
        steps += [("pointerup", 1, mx - 100, my), ("pointerup", 2, mx + 100, my)]
        page.evaluate(DISPATCH, [steps])
        pinched = _zoom(page)
        assert pinched == pytest.approx(fitted * 5, rel=0.02)
        _no_sideways_scroll(page)
        # Pinching in again: two fingers 200 px apart come to 100 px: half the zoom.
        steps = [("pointerdown", 1, mx - 100, my), ("pointerdown", 2, mx + 100, my),
                 ("pointermove", 1, mx - 50, my), ("pointermove", 2, mx + 50, my),
                 ("pointerup", 1, mx - 50, my), ("pointerup", 2, mx + 50, my)]
        page.evaluate(DISPATCH, [steps])
        assert _zoom(page) == pytest.approx(pinched / 2, rel=0.02)
        # One finger dragged 60 px to the left: the picture follows, so the centre moves right by 60 / zoom.
        before = _centre(page)
        page.evaluate(DISPATCH, [[("pointerdown", 1, mx, my), ("pointermove", 1, mx - 30, my),
                                  ("pointermove", 1, mx - 60, my), ("pointerup", 1, mx - 60, my)]])
        after = _centre(page)
        assert after[0] - before[0] == pytest.approx(60 / _zoom(page), rel=0.02)
        assert after[1] == pytest.approx(before[1], abs=0.01)
        # The buttons still work beside the gestures.
        zoom = _zoom(page)
        page.click("button[aria-label='Zoom in']")
        assert _zoom(page) == pytest.approx(zoom * 1.5, rel=0.01)
        page.click("button[aria-label='Next page']")
        page.wait_for_function("() => document.querySelector('.viewer-bar output').textContent.includes('Page 2')")
        _no_sideways_scroll(page)
        shot(page, "viewer-pinch-360")
    finally:
        context.close()


def test_real_touch_pinch_zooms_the_picture_not_the_page(browser: Any, served: str) -> None:
    """Touches sent through the browser's input pipeline (DevTools protocol), which Chromium turns into the
    pointer events the viewer reads: the page's own pinch-zoom and scrolling must not take them."""
    context = browser.new_context(base_url=served, **PHONE)
    page = context.new_page()
    try:
        _open_viewer(page)
        fitted = _zoom(page)
        box = page.locator(".viewer").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        cdp = context.new_cdp_session(page)

        def touch(kind: str, spread: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": cx - spread, "y": cy, "id": 1},
                                                    {"x": cx + spread, "y": cy, "id": 2}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", 30)
        for spread in range(40, 121, 10):
            touch("touchMove", spread)
        touch("touchEnd", 0)
        page.wait_for_timeout(200)
        assert _zoom(page) > fitted * 2
        _no_sideways_scroll(page)
        # A one-finger swipe sideways on the picture pans it and leaves the page where it was.
        before = _centre(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": cx, "y": cy, "id": 3}]})
        for dx in range(10, 101, 10):
            cdp.send("Input.dispatchTouchEvent",
                     {"type": "touchMove", "touchPoints": [{"x": cx - dx, "y": cy, "id": 3}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_timeout(200)
        assert _centre(page)[0] > before[0]
        _no_sideways_scroll(page)
    finally:
        context.close()
