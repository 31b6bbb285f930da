"""IIIF Image API parameters read against an image's size (no pixels)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis.images.request import ImageRequestError, canonical, parse_region, parse_request, parse_rotation, parse_size


@pytest.mark.parametrize(("text", "box"), [
    ("full", (0, 0, 400, 300)), ("square", (50, 0, 300, 300)), ("10,20,30,40", (10, 20, 30, 40)),
    ("pct:50,50,50,50", (200, 150, 200, 150)), ("350,250,100,100", (350, 250, 50, 50)),
])
def test_regions(text: str, box: tuple[int, int, int, int]) -> None:
    assert parse_region(text, 400, 300) == box


@pytest.mark.parametrize("text", ["", "0,0,0,10", "400,0,10,10", "pct:a,1,1,1", "-1,0,5,5", "full ", "1,2,3"])
def test_bad_regions(text: str) -> None:
    with pytest.raises(ImageRequestError):
        parse_region(text, 400, 300)


@pytest.mark.parametrize(("text", "size"), [
    ("max", (400, 300)), ("200,", (200, 150)), (",150", (200, 150)), ("pct:25", (100, 75)),
    ("100,100", (100, 100)), ("!100,100", (100, 75)), ("^800,", (800, 600)),
])
def test_sizes(text: str, size: tuple[int, int]) -> None:
    assert parse_size(text, 400, 300) == size


@pytest.mark.parametrize("text", ["800,", "0,", "pct:0", "w,h", "!,", "max2", "^pct:x"])
def test_bad_sizes(text: str) -> None:
    with pytest.raises(ImageRequestError):
        parse_size(text, 400, 300)


def test_max_is_bounded_by_the_area_limit() -> None:
    w, h = parse_size("max", 4000, 3000, max_area=1_200_000)
    assert w * h <= 1_200_000 and abs(w / h - 4 / 3) < 0.01


def test_rotation_and_format() -> None:
    assert parse_rotation("!90") == (90, True)
    for bad in ("45", "360", "!", "x"):
        with pytest.raises(ImageRequestError):
            parse_rotation(bad)
    with pytest.raises(ImageRequestError):
        parse_request("full", "max", "0", "bitonal.jpg", 10, 10)
    with pytest.raises(ImageRequestError):
        parse_request("full", "max", "0", "default.gif", 10, 10)


def test_canonical_spelling_is_shared_by_equal_requests() -> None:
    a = parse_request("full", "max", "0", "default.jpg", 400, 300)
    b = parse_request("0,0,400,300", "400,300", "0", "default.jpg", 400, 300)
    assert canonical(a) == canonical(b) == "0,0,400,300/400,300/0/default.jpg"


@given(st.text(max_size=30), st.text(max_size=30), st.integers(1, 5000), st.integers(1, 5000))
def test_any_text_is_read_or_refused_cleanly(region: str, size: str, width: int, height: int) -> None:
    try:
        req = parse_request(region, size, "0", "default.jpg", width, height)
    except ImageRequestError:
        return
    x, y, w, h = req.region
    assert 0 <= x < width and 0 <= y < height and x + w <= width and y + h <= height
    assert req.size[0] >= 1 and req.size[1] >= 1
