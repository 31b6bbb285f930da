"""Hostile and unlucky files, one parser at a time: a format is claimed only on a real signature,
damaged images and PDFs fail as damaged (never "awaiting OCR"), archives and pages that would
take minutes are refused or cut back in seconds. Every input is generated here, small."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from opis.ingest import CorruptFile, ParseOptions, UnsafeContent, ZipLimits, parse_file
from opis.ingest.base import choose_handler
from opis.ingest.errors import FileRejected, ParserTimedOut
from opis.ingest.files import hash_file, safe_text
from opis.ingest.handlers.html import MAX_ATTRIBUTES, tame
from opis.ingest.worker import DEFAULT_MEMORY_MB, parse_file_safely

NO_OCR = ParseOptions(ocr=False)
_TRAILER = b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


# ---- sniffing: a real signature before a format is claimed -------------------------------------

def test_text_starting_with_bm_is_text_not_a_bitmap(tmp_path: Path) -> None:
    path = tmp_path / "cars.txt"
    path.write_text("BMW and Daimler-Benz met in Stuttgart on 3 May 1950 to talk about exports.\n" * 3)
    parsed = parse_file(path)
    assert parsed.handler == "text" and parsed.text.startswith("BMW and Daimler-Benz")


def test_a_real_bmp_is_still_an_image(tmp_path: Path) -> None:
    for name in ("scan.bmp", "scan.dat"):
        path = tmp_path / name
        Image.new("L", (60, 40), 255).save(path, format="BMP")
        assert choose_handler(path.read_bytes()[:64], name).name == "image"
        assert parse_file(path, NO_OCR).media_type == "image/bmp"


def test_text_mentioning_a_pdf_header_is_text(tmp_path: Path) -> None:
    path = tmp_path / "formats.txt"
    path.write_text("On file formats.\nEvery PDF file begins with a header such as %PDF-1.4 and then objects.\n")
    parsed = parse_file(path)
    assert parsed.handler == "text" and "%PDF-1.4" in parsed.text


def test_pdf_after_junk_is_still_a_pdf(tmp_path: Path, text_pdf: Callable[..., Path]) -> None:
    pdf = text_pdf(["A letter behind a mail header."]).read_bytes()
    path = tmp_path / "mailed.bin"
    path.write_bytes(b"X-Mailer: archive scanner\r\n\r\n" + pdf)
    assert parse_file(path).handler == "pdf"


# ---- damaged images and PDFs fail as damaged ------------------------------------------------------

def _broken_png(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("L", (300, 200), 255).save(buf, format="PNG")
    data = buf.getvalue()
    path.write_bytes(data[:60] + b"\x00" * 200)  # a good header, then no image data
    return path


@pytest.mark.parametrize("options", [ParseOptions(), NO_OCR], ids=["ocr", "no-ocr"])
def test_damaged_image_is_corrupt_not_awaiting_ocr(tmp_path: Path, options: ParseOptions) -> None:
    with pytest.raises(CorruptFile, match="corrupt or unreadable image"):
        parse_file(_broken_png(tmp_path / "scan.png"), options)


@pytest.mark.parametrize("body", [
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n",  # its only page does not exist
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n",  # no page at all
], ids=["missing-page", "no-pages"])
def test_pdf_without_a_readable_page_is_corrupt(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + body + _TRAILER)
    with pytest.raises(CorruptFile, match="corrupt PDF"):
        parse_file(path)


# ---- archives: many small members are a bomb too -----------------------------------------------

def test_many_one_megabyte_members_are_refused_by_the_whole_archive_ratio(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for i in range(40):
            zf.writestr(f"m{i:03d}.txt", b"1950 " * 200_000)  # 1 MB each, just under the per-member floor
    assert path.stat().st_size < 200_000
    started = time.monotonic()
    with pytest.raises(UnsafeContent, match=r"compressed \d+:1 together"):
        parse_file(path)
    assert time.monotonic() - started < 5  # refused from the directory, before unpacking


def test_archive_time_budget_stops_between_members(tmp_path: Path) -> None:
    path = tmp_path / "slow.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(5):
            zf.writestr(f"note{i}.txt", os.urandom(8).hex() + " a short note")
    with pytest.raises(UnsafeContent, match="took more than 0s"):
        parse_file(path, ParseOptions(zip=ZipLimits(max_seconds=0)))


# ---- web pages: attribute floods are cut back before libxml2 sees them ---------------------------

def test_attribute_flood_is_cut_back_and_parsed_quickly(tmp_path: Path) -> None:
    attrs = " ".join(f'a{i}="v"' for i in range(200_000))
    path = tmp_path / "flood.html"
    path.write_text(f"<!doctype html><html><head><title>Flood</title></head><body><div {attrs}>"
                    "The text of the page.</div><p>A second paragraph.</p></body></html>")
    started = time.monotonic()
    parsed = parse_file(path)
    assert time.monotonic() - started < 30
    assert "The text of the page." in parsed.text
    assert any(f"more than {MAX_ATTRIBUTES} attributes" in w for w in parsed.warnings)


def test_tame_leaves_ordinary_pages_alone() -> None:
    page = '<html><body><p class="a" id="b">Text with a > sign and <b style="x">bold</b></p></body></html>'
    assert tame(page) == (page, [])
    crowded = "<p " + " ".join(f'x{i}="1"' for i in range(MAX_ATTRIBUTES + 1)) + ">kept</p>"
    assert tame(crowded) == ("<p>kept</p>", [f"1 tag(s) with more than {MAX_ATTRIBUTES} attributes kept "
                                              "without them"])


# ---- files that are not regular, and names that are not UTF-8 ------------------------------------

def test_hash_refuses_special_files_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    zero = tmp_path / "zero"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        started = time.monotonic()
        with pytest.raises(FileRejected, match="not a regular file"):
            hash_file(path, 1 << 20)
        assert time.monotonic() - started < 2


def test_hash_refuses_a_huge_sparse_file_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024**3)  # 20 GB of holes: nothing is written to disk
    started = time.monotonic()
    with pytest.raises(FileRejected, match="20.0 GB is over the"):
        hash_file(path, ParseOptions().max_bytes)
    assert time.monotonic() - started < 1


def test_undecodable_file_names_are_escaped_losslessly(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/bad_\xff\xfe.txt"
    with open(raw, "wb") as fh:
        fh.write(b"A letter with an odd name.\n")
    path = Path(os.fsdecode(raw))
    shown = safe_text(path.name)
    assert shown == "bad_\\xff\\xfe.txt"
    assert shown.encode("utf-8")  # storable
    parsed = parse_file_safely(path)  # the answer crosses the process boundary as UTF-8 JSON
    assert parsed.filename == shown and parsed.text == "A letter with an odd name."


# ---- the sandbox's limits ---------------------------------------------------------------------------

def test_parser_memory_cap_is_under_one_gigabyte() -> None:
    assert DEFAULT_MEMORY_MB <= 1024


def test_time_out_is_its_own_error_class(tmp_path: Path) -> None:
    path = tmp_path / "job.txt"
    path.write_text("x")
    with pytest.raises(ParserTimedOut, match="longer than 3s"):
        parse_file_safely(path, timeout_s=3, runner="sandbox_targets:sleep_forever")
