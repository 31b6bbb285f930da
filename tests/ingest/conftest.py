"""Fixtures for the ingest tests. Binary inputs (PDF, DOCX, images, ZIP) are generated here
rather than committed, so each test shows exactly what its input contains."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_support import FRUS_VOLUMES, find_font, missing, text_pdf_bytes
from PIL import Image, ImageDraw, ImageFont

from opis.ingest.ocr.tesseract import ocr_available


@pytest.fixture
def require_tesseract() -> None:
    if not ocr_available():
        missing("tesseract is not installed")


@pytest.fixture
def frus_volumes() -> Path:
    if not FRUS_VOLUMES.is_dir():
        missing(f"FRUS excerpts not found at {FRUS_VOLUMES}")
    return FRUS_VOLUMES


@pytest.fixture
def render_page() -> Callable[[list[str], str, str | None], Image.Image]:
    """Draw lines of text black on white, like a clean scan at 300 dpi."""

    def render(lines: list[str], font_file: str, face_hint: str | None = None) -> Image.Image:
        path, index = find_font(font_file, face_hint)
        font = ImageFont.truetype(str(path), 44, index=index)
        image = Image.new("L", (1400, 110 * len(lines) + 120), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((80, 60 + 110 * i), line, font=font, fill=0)
        return image

    return render


@pytest.fixture
def text_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(pages: list[str], name: str = "text.pdf") -> Path:
        path = tmp_path / name
        path.write_bytes(text_pdf_bytes(pages))
        return path

    return make
