"""Pages of a stored PDF as page images: each page rendered once with Poppler's ``pdftoppm`` into the
derived cache, then served by the Image API like a scan. The PDF itself is only read.

Poppler runs as a child process with a time limit, so a hostile PDF costs at most that time and
cannot take the web process down with it. A page that will not render is a ``PageImageError`` for
that page alone."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from opis.images.derive import PageImageError

RENDER_DPI = 200  # an A4 page becomes 1654×2339 px: enough to read a typed page zoomed in
MAX_PAGES = 2000  # pages of one PDF shown as canvases
_TIMEOUT_S = 60
_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.MULTILINE)
_ROT = re.compile(r"^Page\s+(\d+)\s+rot:\s+(\d+)", re.MULTILINE)


@dataclass(frozen=True)
class PdfPage:
    number: int  # 1-based
    width: int  # pixels of the rendered picture at RENDER_DPI
    height: int


def _tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        raise PageImageError(f"{name} (Debian package poppler-utils) is not installed: PDF pages cannot be shown")
    return exe


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".making-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


def pdf_pages(pdf: Path, sha256: str, cache: Path) -> list[PdfPage]:
    """Each page's pixel size at RENDER_DPI (from ``pdfinfo``, cached as JSON beside its pictures)."""
    known = cache / sha256[:2] / sha256 / "pages.json"
    if known.is_file():
        return [PdfPage(*p) for p in json.loads(known.read_text())]
    try:
        proc = subprocess.run([_tool("pdfinfo"), "-f", "1", "-l", str(MAX_PAGES), str(pdf)],
                              capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise PageImageError("the PDF's pages could not be listed in time") from None
    if proc.returncode != 0:
        raise PageImageError(f"the PDF cannot be read: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
    turned = {int(n): int(r) % 180 == 90 for n, r in _ROT.findall(proc.stdout)}
    pages = []
    for n, w, h in _SIZE.findall(proc.stdout):
        px_w, px_h = round(float(w) * RENDER_DPI / 72), round(float(h) * RENDER_DPI / 72)
        pages.append(PdfPage(int(n), *((px_h, px_w) if turned.get(int(n)) else (px_w, px_h))))
    _write_atomically(known, json.dumps([[p.number, p.width, p.height] for p in pages]).encode())
    return pages


def render_pdf_page(pdf: Path, sha256: str, number: int, cache: Path) -> Path:
    """The PNG of page ``number`` at RENDER_DPI, rendered now if it is not in the cache yet."""
    target = cache / sha256[:2] / sha256 / f"page-{number}-{RENDER_DPI}.png"
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory(prefix="opis-pdfpage-") as tmp:
        stem = Path(tmp) / "page"
        cmd = [_tool("pdftoppm"), "-r", str(RENDER_DPI), "-f", str(number), "-l", str(number), "-png",
               "-singlefile", str(pdf), str(stem)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PageImageError(f"page {number} of the PDF took longer than {_TIMEOUT_S}s to render") from None
        png = stem.with_suffix(".png")
        if proc.returncode != 0 or not png.is_file():
            raise PageImageError(f"page {number} of the PDF cannot be rendered")
        _write_atomically(target, png.read_bytes())
    return target
