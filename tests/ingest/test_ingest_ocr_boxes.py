"""Word boxes read on a page OCR turned upright land back on the page as stored (the scan shown is the
stored one), checked against Pillow's own rotation of a marked box."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from opis.ingest.ocr.page import unturned
from opis.ingest.ocr.tesseract import OcrBox


@st.composite
def page_and_box(draw: st.DrawFn) -> tuple[tuple[int, int], tuple[int, int, int, int], int]:
    width, height = draw(st.integers(8, 60)), draw(st.integers(8, 60))
    x, y = draw(st.integers(0, width - 2)), draw(st.integers(0, height - 2))
    w, h = draw(st.integers(1, width - x)), draw(st.integers(1, height - y))
    return (width, height), (x, y, w, h), draw(st.sampled_from([0, 90, 180, 270]))


@given(page_and_box())
@settings(max_examples=60, deadline=None)
def test_a_box_on_the_turned_page_comes_back_to_where_it_was(case: tuple[tuple[int, int], tuple[int, int, int, int],
                                                                          int]) -> None:
    size, (x, y, w, h), rotation = case
    page = Image.new("L", size, 0)
    page.paste(255, (x, y, x + w, y + h))
    # Tesseract's reader turns the page clockwise by ``rotation`` (ocr/tesseract.py:_upright) ...
    turned = page.rotate(-rotation, expand=True)
    left, top, right, bottom = turned.getbbox() or (0, 0, 0, 0)
    box = OcrBox("word", left, top, right - left, bottom - top, ("1",))
    # ... and the box it reads there is put back on the page as stored.
    assert unturned(box, rotation, size) == (x, y, w, h)
