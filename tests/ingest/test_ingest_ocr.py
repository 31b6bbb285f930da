"""OCR of page images in the four scripts opis's sources use. The images are drawn here with
installed fonts; OCR must find the words (small recognition errors allowed)."""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from opis.ingest import ParseOptions, parse_file
from opis.ingest.ocr.tesseract import detect_packs, ocr_image, parse_tsv

SAMPLES = {
    # language: (lines, font file, face in a collection, expected language guess)
    "ru": (["Совершенно секретно", "Министерство иностранных дел", "Товарищу Молотову",
            "О восстановлении заводов в Корее"], "DejaVuSans.ttf", None, "ru"),
    "en": (["Top Secret", "Memorandum of Conversation", "Department of State",
            "Washington, January 7, 1955"], "DejaVuSans.ttf", None, "en"),
    "ko": (["대한민국 외교부", "북한 경제 상황 보고", "서울 특별시 종로구", "일천구백오십년 유월"],
           "NotoSansCJK-Regular.ttc", "KR", "ko"),
    "zh": (["中华人民共和国外交部", "关于朝鲜战争的报告", "北京 一九五三年七月", "绝密文件"],
           "NotoSansCJK-Regular.ttc", "SC", "zh"),
}


def _similar(expected: str, found: str) -> float:
    strip = str.maketrans("", "", " \n")
    return difflib.SequenceMatcher(None, expected.translate(strip), found.translate(strip)).ratio()


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_ocr_reads_each_script(lang: str, tmp_path: Path, require_tesseract: None,
                               render_page: Callable[..., Image.Image]) -> None:
    lines, font, face, guess = SAMPLES[lang]
    path = tmp_path / f"{lang}.png"
    render_page(lines, font, face).save(path, dpi=(300, 300))
    started = time.monotonic()
    parsed = parse_file(path)  # no language given: detected from the page
    elapsed = time.monotonic() - started
    page = parsed.pages[0]
    assert parsed.handler == "image" and parsed.media_type == "image/png"
    assert page.needs_ocr and page.ocr_confidence is not None and page.ocr_confidence > 0.6
    assert _similar("\n".join(lines), page.text) > 0.85, page.text
    found = sum(1 for line in lines if line.split()[0] in page.text)
    assert found >= len(lines) - 1, page.text
    assert parsed.language == guess
    print(f"OCR {lang}: {elapsed:.2f}s with {parsed.metadata['ocr_languages']['1']}")


def test_language_hint_is_used(tmp_path: Path, require_tesseract: None,
                               render_page: Callable[..., Image.Image]) -> None:
    lines = SAMPLES["ru"][0]
    path = tmp_path / "ru.png"
    render_page(lines, "DejaVuSans.ttf").save(path, dpi=(300, 300))
    parsed = parse_file(path, ParseOptions(languages=("ru",)))
    assert parsed.metadata["ocr_languages"]["1"] == "rus"
    assert "секретно" in parsed.text


def test_script_detection(tmp_path: Path, require_tesseract: None,
                          render_page: Callable[..., Image.Image]) -> None:
    path = tmp_path / "ru.png"
    render_page(SAMPLES["ru"][0] * 2, "DejaVuSans.ttf").save(path, dpi=(300, 300))
    assert detect_packs(path) == "rus"


def test_rotated_scan_is_turned_upright(tmp_path: Path, require_tesseract: None,
                                        render_page: Callable[..., Image.Image]) -> None:
    lines = SAMPLES["en"][0] * 4
    path = tmp_path / "sideways.png"
    render_page(lines, "DejaVuSans.ttf").rotate(90, expand=True).save(path, dpi=(300, 300))
    parsed = parse_file(path)
    assert parsed.metadata.get("ocr_rotation") == {"1": 90}
    assert "Memorandum of Conversation" in parsed.text


def test_rotated_scan_with_a_given_language_is_turned_upright(
        tmp_path: Path, require_tesseract: None, render_page: Callable[..., Image.Image]) -> None:
    # With the language given OSD is skipped unless the first reading is poor, as a sideways one is.
    lines = SAMPLES["en"][0] * 4
    path = tmp_path / "sideways.png"
    render_page(lines, "DejaVuSans.ttf").rotate(270, expand=True).save(path, dpi=(300, 300))
    parsed = parse_file(path, ParseOptions(languages=("en",)))
    assert "Memorandum of Conversation" in parsed.text
    assert (parsed.pages[0].ocr_confidence or 0) >= 0.6


def test_multipage_tiff(tmp_path: Path, require_tesseract: None,
                        render_page: Callable[..., Image.Image]) -> None:
    first = render_page(SAMPLES["en"][0], "DejaVuSans.ttf")
    second = render_page(SAMPLES["ru"][0], "DejaVuSans.ttf")
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second], dpi=(300, 300), compression="tiff_lzw")
    parsed = parse_file(path)
    assert parsed.media_type == "image/tiff" and len(parsed.pages) == 2
    assert "Memorandum" in parsed.pages[0].text and "Министерство" in parsed.pages[1].text


REAL_TIFF = Path(__file__).parent.parent / "data" / "images" / "frus1949v07p2-d191-p1-3.tif"


def test_real_multipage_tiff_cut_in_its_last_frame(tmp_path: Path, require_tesseract: None) -> None:
    """The real three-frame scan (tests/data/images, see its provenance note) cut inside frame 3: frames 1
    and 2 are read by OCR page by page, with word boxes in their own pixels; frame 3 is a warning."""
    cut = tmp_path / "cut.tif"
    cut.write_bytes(REAL_TIFF.read_bytes()[:60_000])
    parsed = parse_file(cut)
    assert [p.number for p in parsed.pages] == [1, 2]
    assert any("page 3: the file breaks off" in w for w in parsed.warnings)
    assert "Butterworth" in parsed.pages[0].text  # the memorandum's author, on its first page
    assert parsed.pages[0].text != parsed.pages[1].text
    for page in parsed.pages:
        assert page.box_size == (875, 945) and page.boxes
        assert all(0 <= x and x + w <= 875 and 0 <= y and y + h <= 945 for _, x, y, w, h, _ in page.boxes)


def test_jpeg_named_png(tmp_path: Path, require_tesseract: None,
                        render_page: Callable[..., Image.Image]) -> None:
    path = tmp_path / "lying.png"
    render_page(SAMPLES["en"][0], "DejaVuSans.ttf").save(path, "JPEG", quality=90, dpi=(300, 300))
    parsed = parse_file(path)
    assert parsed.media_type == "image/jpeg" and "Department" in parsed.text


def test_images_await_ocr_without_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            render_page: Callable[..., Image.Image]) -> None:
    monkeypatch.setattr("opis.ingest.ocr.page.ocr_available", lambda: False)
    path = tmp_path / "scan.tif"
    page = render_page(["Top Secret"], "DejaVuSans.ttf")
    page.save(path, save_all=True, append_images=[page.copy()])
    parsed = parse_file(path)
    assert [p.awaiting_ocr for p in parsed.pages] == [True, True]  # kept, never dropped
    assert parsed.status == "awaiting OCR"
    assert "awaiting OCR: 2 page(s) have no text layer; tesseract is not installed" in parsed.warnings


def test_image_bomb_is_refused(tmp_path: Path) -> None:
    from opis.ingest import UnsafeContent

    path = tmp_path / "big.png"
    Image.new("1", (20_000, 20_000)).save(path)  # 400 megapixels, a few KB on disk
    with pytest.raises(UnsafeContent, match="too large"):
        parse_file(path)


def test_corrupt_image(tmp_path: Path) -> None:
    from opis.ingest import CorruptFile

    path = tmp_path / "bad.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(CorruptFile, match="image"):
        parse_file(path)


def test_parse_tsv_builds_lines_and_confidences() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tTop",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t93.5\tSecret",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t90\tWashington",
        "4\t1\t1\t2\t1\t0\t0\t0\t1\t1\t-1\t",
        "5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t80\t中",
        "5\t1\t1\t2\t1\t2\t0\t0\t1\t1\t70\t国",
    ]
    result = parse_tsv("\n".join([header, *rows]), "eng")
    assert result.text == "Top Secret\nWashington\n\n中国"  # no spaces between Chinese characters
    assert result.words[0] == ("Top", 0.965)
    assert result.confidence == pytest.approx((0.965 + 0.935 + 0.9 + 0.8 + 0.7) / 5)


def test_explicit_missing_language_is_an_error(tmp_path: Path, require_tesseract: None,
                                               render_page: Callable[..., Image.Image]) -> None:
    from opis.ingest.ocr.tesseract import OcrError

    path = tmp_path / "en.png"
    render_page(["Top Secret"], "DejaVuSans.ttf").save(path)
    with pytest.raises(OcrError, match="none of the OCR languages .xyz. is installed"):
        ocr_image(path, languages="xyz")
