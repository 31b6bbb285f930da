"""Turn one PDF page into an image for OCR.

Poppler's ``pdftoppm`` (Debian package poppler-utils) renders the page as a whole, which is
right for scans with stamps or handwriting around the text. Without it, the page's largest
embedded image is used instead: for a scanned page that image *is* the scan.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

_RENDER_TIMEOUT_S = 120


def renderer_available() -> bool:
    return shutil.which("pdftoppm") is not None


def render_page(pdf: Path, number: int, out_dir: Path, dpi: int, page: Any = None) -> Path | None:
    """A grey image (uncompressed TIFF) of page ``number`` (1-based) in ``out_dir``, or None when no way to
    render it works."""
    exe = shutil.which("pdftoppm")
    if exe is not None:
        stem = out_dir / f"page-{number}"
        # Uncompressed TIFF: not PNG, whose compression cost 0.3 s a 300 dpi page only for Tesseract to
        # undo it; not PGM, which Tesseract (Leptonica) reads 0.1 s a page slower than TIFF (CPU,
        # same words and boxes: bench/ingest/ocr_overhead.py, docs/benchmarks.md).
        cmd = [exe, "-r", str(dpi), "-f", str(number), "-l", str(number), "-singlefile",
               "-gray", "-tiff", "-tiffcompression", "none", str(pdf), str(stem)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=_RENDER_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            return None
        tiff = stem.with_suffix(".tif")
        if proc.returncode == 0 and tiff.exists():
            return tiff
    return _largest_image(page, out_dir, number) if page is not None else None


def _largest_image(page: Any, out_dir: Path, number: int) -> Path | None:
    """Save the page's largest embedded image as grey uncompressed TIFF (pypdf decodes it with Pillow)."""
    try:
        images = list(page.images)
    except Exception:  # pypdf raises many kinds on odd image streams; then there is no image
        return None
    best = None
    for img in images:
        pil = getattr(img, "image", None)
        if pil is not None and (best is None or pil.width * pil.height > best.width * best.height):
            best = pil
    if best is None:
        return None
    out = out_dir / f"page-{number}.tif"
    best.convert("L").save(out)
    return out
