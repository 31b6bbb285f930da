"""Drawing a page image from a sample document's transcription (see ``rendered.yaml``).

The page is A4 at 150 dpi, the text set in DejaVu Sans (Debian fonts-dejavu-core) and wrapped to the
measure, with a foot line on the picture itself saying it was rendered from the transcription, so the
image says what it is even when it is seen alone. Every word's box is known from the drawing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from opis import vocab

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WIDTH, HEIGHT, DPI = 1240, 1754, 150  # A4
MARGIN = 110
SIZE = 24
LEADING = 36
LABEL = "rendered from the transcription"
FOOT = f"Page image {LABEL} by opis (sample collection): not a scan of the document."


@dataclass
class RenderedPage:
    png: bytes
    width: int
    height: int
    words: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # text, x, y, w, h


def rendered_pages() -> list[dict[str, Any]]:
    """The entries of ``rendered.yaml``: which document, and which of its texts."""
    data = vocab.read(__package__ or "opis.sample", "rendered.yaml")
    return [dict(d) for d in data or []]


def font_available() -> bool:
    return FONT.is_file()


def _lines(text: str, font: ImageFont.FreeTypeFont, measure: int) -> list[str]:
    out: list[str] = []
    for para in text.splitlines():
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if line and font.getlength(trial) > measure:
                out.append(line)
                line = word
            else:
                line = trial
        out.append(line)
    return out


def render(text: str) -> RenderedPage:
    """The first page's worth of ``text`` as a greyscale PNG, with each drawn word's box."""
    font = ImageFont.truetype(str(FONT), SIZE)
    small = ImageFont.truetype(str(FONT), 16)
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(img)
    words: list[tuple[str, int, int, int, int]] = []
    y = MARGIN
    for line in _lines(text, font, WIDTH - 2 * MARGIN):
        if y + LEADING > HEIGHT - 2 * MARGIN:
            break
        x = float(MARGIN)
        for word in line.split():
            x0, y0, x1, y1 = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=0)
            words.append((word, round(x0), round(y0), round(x1 - x0), round(y1 - y0)))
            x += font.getlength(word + " ")
        y += LEADING
    draw.line((MARGIN, HEIGHT - MARGIN + 20, WIDTH - MARGIN, HEIGHT - MARGIN + 20), fill=128)
    draw.text((MARGIN, HEIGHT - MARGIN + 30), FOOT, font=small, fill=64)
    out = io.BytesIO()
    img.save(out, "PNG", dpi=(DPI, DPI), optimize=True)
    return RenderedPage(out.getvalue(), WIDTH, HEIGHT, words)
