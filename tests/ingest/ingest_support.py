"""Shared helpers for the ingest tests (a module with its own name: test files import it, and
importing ``conftest`` by name is ambiguous once several test folders have one)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import ImageFont

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FRUS_VOLUMES = SHARED / "data" / "frus" / "volumes"
SEEDS = SHARED / "seeds"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


def missing(reason: str) -> None:
    """Skip locally; in CI a missing tool is a broken environment, so the test fails."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: required)")
    pytest.skip(reason)


def find_font(filename: str, face_hint: str | None = None) -> tuple[Path, int]:
    """(path, face index) of an installed font file; for a collection (.ttc), the face whose
    name contains ``face_hint`` ("KR", "SC")."""
    for base in FONT_DIRS:
        if not base.is_dir():
            continue
        for path in base.rglob(filename):
            return path, _face_index(path, face_hint)
    missing(f"font {filename} is not installed")
    raise AssertionError("unreachable")


def _face_index(path: Path, hint: str | None) -> int:
    if hint is None or path.suffix.lower() != ".ttc":
        return 0
    for index in range(12):
        try:
            family = ImageFont.truetype(str(path), 20, index=index).getname()[0]
        except OSError:
            break
        if hint in family:
            return index
    return 0


def text_pdf_bytes(pages: list[str]) -> bytes:
    """A minimal valid PDF whose pages carry ``pages`` as a real text layer (Helvetica, ASCII)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * i} 0 R' for i in range(len(pages)))}] "
        f"/Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(pages):
        lines = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in text.split("\n")]
        ops = ["BT", "/F1 12 Tf", "16 TL", "72 720 Td", *(f"({line}) Tj T*" for line in lines), "ET"]
        stream = "\n".join(ops).encode("latin-1")
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>").encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
