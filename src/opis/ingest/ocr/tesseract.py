"""OCR with the Tesseract command-line program (TSV output, so every word keeps its confidence).

Language choice, per page, first that applies:
1. ``ParseOptions.ocr_languages`` (Tesseract codes, "rus" or "rus+eng") when the caller knows;
2. ``ParseOptions.languages`` (BCP 47 hints such as "ru", "ko") mapped to Tesseract packs;
3. Tesseract's own script detection (``--psm 0``, OSD): Cyrillic → rus, Hangul → kor,
   Han → chi_sim+chi_tra, Japanese → jpn, Latin → eng. It takes a fraction of a second,
   and also says whether the page is rotated; a page OSD is sure about is turned upright;
4. when OSD cannot decide (it needs a fair amount of text): one pass per script's pack,
   keeping the result with the best mean word confidence. Slow, but only for sparse pages.
Cyrillic uses "rus" alone, not "rus+eng": mixed packs turn some Cyrillic letters into Latin
look-alikes, which breaks search.

If automatic page segmentation (``--psm 3``) finds no text or reads it with low confidence (it
happens on sparse pages and on Korean), the page is read again as a single column
(``--psm 4``) and the better reading is kept. Tesseract runs with OMP_THREAD_LIMIT=1: parallelism
comes from running files side by side, and OpenMP threads would only fight over the cores.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image

from opis.ingest.errors import IngestError
from opis.ingest.language import script_of

# BCP 47 primary language → Tesseract packs; a data table, not logic.
LANGUAGE_PACKS: dict[str, str] = {
    "ru": "rus", "en": "eng", "ko": "kor", "zh": "chi_sim+chi_tra", "ja": "jpn",
    "de": "deu", "fr": "fra", "uk": "ukr",
}
# OSD script name → packs.
SCRIPT_PACKS: dict[str, str] = {
    "Cyrillic": "rus", "Latin": "eng", "Hangul": "kor", "Han": "chi_sim+chi_tra",
    "Japanese": "jpn", "Katakana": "jpn", "Hiragana": "jpn",
}
# Tried in turn when script detection fails.
FALLBACK_PACKS: tuple[str, ...] = ("eng", "rus", "kor", "chi_sim+chi_tra", "jpn")
_OSD_MIN_SCRIPT_CONFIDENCE = 0.5
# Below this mean word confidence the automatic layout probably failed (Tesseract 5 reads a
# clean Korean page at 25% under --psm 3 and 97% under --psm 4), so one column is tried too.
_RETRY_BELOW = 0.6
_MIN_ORIENTATION_CONFIDENCE = 5.0  # OSD scores upright text 8-30; below 5 it is guessing
_UNSPACED = frozenset({"han", "kana"})


class OcrError(IngestError):
    """Tesseract failed on a page (crash, timeout, unreadable image)."""


@dataclass(frozen=True)
class OcrBox:
    """A recognised word's box in image pixels, and the Tesseract line it belongs to."""

    text: str
    left: int
    top: int
    width: int
    height: int
    line: tuple[str, ...]
    confidence: float = 0.0  # 0-1, as in OcrResult.words


@dataclass
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence, 0-1; None when no word was found
    words: list[tuple[str, float]] = field(default_factory=list)
    languages: str = ""
    seconds: float = 0.0
    rotation: int = 0  # degrees clockwise the page was turned before recognition
    boxes: list[OcrBox] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON data, for a reading kept in the store (store.ocrpages) between page jobs."""
        return {"text": self.text, "confidence": self.confidence, "words": [list(w) for w in self.words],
                "languages": self.languages, "seconds": self.seconds, "rotation": self.rotation,
                "boxes": [[b.text, b.left, b.top, b.width, b.height, list(b.line), b.confidence]
                          for b in self.boxes]}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> OcrResult:
        conf = data.get("confidence")
        return cls(str(data["text"]), float(conf) if conf is not None else None,
                   [(str(w), float(c)) for w, c in data.get("words", [])], str(data.get("languages", "")),
                   float(data.get("seconds", 0.0)), int(data.get("rotation", 0)),
                   [OcrBox(str(t), int(x), int(y), int(w), int(h), tuple(str(v) for v in line), float(c))
                    for t, x, y, w, h, line, c in data.get("boxes", [])])


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


@cache
def installed_languages() -> frozenset[str]:
    exe = tesseract_path()
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30,
                             env=_env(), check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def ocr_available() -> bool:
    """True when the tesseract program runs and has at least one language pack."""
    return bool(installed_languages() - {"osd"})


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def usable_packs(packs: str) -> str | None:
    """``packs`` without the languages that are not installed, or None if none is."""
    have = installed_languages()
    kept = [p for p in packs.split("+") if p in have]
    return "+".join(kept) or None


def ocr_image(image: Path, languages: str | None = None, hints: Sequence[str] = (),
              dpi: int = 300, timeout_s: float = 300.0) -> OcrResult:
    """Recognise the text of one page image, choosing languages as the module docstring says,
    after turning the page upright when OSD is sure it is rotated."""
    if not ocr_available():
        raise OcrError("tesseract is not installed")
    started = time.monotonic()
    explicit = _explicit_packs(languages, hints)
    result = _recognise(image, explicit, dpi, timeout_s) if explicit else None
    # With the language known, OSD (a whole extra Tesseract pass) is only worth it when the
    # reading is poor, as a rotated page's is; without it, OSD also picks the language.
    if result is None or result.confidence is None or result.confidence < _RETRY_BELOW:
        page = detect_script(image, dpi, timeout_s)
        if result is None or page.rotate:
            with tempfile.TemporaryDirectory(prefix="opis-ocr-") as tmp:
                target = _upright(image, page.rotate, Path(tmp)) if page.rotate else image
                chosen = explicit or page.packs
                second = _recognise(target, chosen, dpi, timeout_s) if chosen else _best_of(target, dpi, timeout_s)
            second.rotation = page.rotate
            if result is None or (second.confidence or 0.0) > (result.confidence or 0.0):
                result = second
    result.seconds = time.monotonic() - started
    return result


def _upright(image: Path, rotate: int, tmp: Path) -> Path:
    # OSD's "Rotate: N" is clockwise degrees; Pillow rotates counter-clockwise.
    # Uncompressed TIFF: writing it costs next to nothing, and Tesseract reads it faster than PGM or
    # PNG (the resolution goes as --dpi).
    out = tmp / "upright.tif"
    with Image.open(image) as img:
        img.convert("L").rotate(-rotate, expand=True).save(out)
    return out


def _explicit_packs(languages: str | None, hints: Sequence[str]) -> str | None:
    if languages:
        found = usable_packs(languages)
        if found is None:
            raise OcrError(f"none of the OCR languages {languages!r} is installed "
                           f"(installed: {', '.join(sorted(installed_languages()))})")
        return found
    packs = [LANGUAGE_PACKS[h.split("-")[0]] for h in hints if h.split("-")[0] in LANGUAGE_PACKS]
    return usable_packs("+".join(packs)) if packs else None


_OSD_SCRIPT = re.compile(r"Script:\s*(\w+)")
_OSD_SCRIPT_CONF = re.compile(r"Script confidence:\s*([\d.]+)")
_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_ORIENTATION_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


@dataclass(frozen=True)
class PageScript:
    """What OSD saw: the language packs for the page's script (None if unsure) and how many
    degrees clockwise the page must turn to be upright."""

    packs: str | None = None
    rotate: int = 0


def detect_script(image: Path, dpi: int = 300, timeout_s: float = 60.0) -> PageScript:
    """Run Tesseract's orientation and script detection on a page image."""
    if "osd" not in installed_languages():
        return PageScript()
    proc = _run([str(image), "stdout", "--psm", "0", "--dpi", str(dpi)], timeout_s, check=False)
    if proc.returncode != 0:
        return PageScript()  # "Too few characters": OSD needs a fair amount of text
    return PageScript(_script_packs(proc.stdout), _rotation(proc.stdout))


def _script_packs(osd: str) -> str | None:
    script, conf = _OSD_SCRIPT.search(osd), _OSD_SCRIPT_CONF.search(osd)
    if not script:
        return None
    if conf and float(conf.group(1)) < _OSD_MIN_SCRIPT_CONFIDENCE and script.group(1) != "Hangul":
        # OSD reports Hangul with confidence 0 even when sure; other low scores are guesses.
        return None
    packs = SCRIPT_PACKS.get(script.group(1))
    return usable_packs(packs) if packs else None


def _rotation(osd: str) -> int:
    rotate, conf = _OSD_ROTATE.search(osd), _OSD_ORIENTATION_CONF.search(osd)
    if not rotate or not conf or float(conf.group(1)) < _MIN_ORIENTATION_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def detect_packs(image: Path, dpi: int = 300, timeout_s: float = 60.0) -> str | None:
    """Language packs for the script Tesseract's OSD sees on the page, or None if it cannot tell."""
    return detect_script(image, dpi, timeout_s).packs


def _best_of(image: Path, dpi: int, timeout_s: float) -> OcrResult:
    best: OcrResult | None = None
    for packs in FALLBACK_PACKS:
        usable = usable_packs(packs)
        if usable is None:
            continue
        result = _recognise(image, usable, dpi, timeout_s)
        if best is None or (result.confidence or 0.0) > (best.confidence or 0.0):
            best = result
    return best or OcrResult("", None)


def _recognise(image: Path, packs: str, dpi: int, timeout_s: float) -> OcrResult:
    result = _tsv_pass(image, packs, "3", dpi, timeout_s)
    if result.confidence is None or result.confidence < _RETRY_BELOW:
        column = _tsv_pass(image, packs, "4", dpi, timeout_s)
        if (column.confidence or 0.0) > (result.confidence or 0.0):
            result = column
    return result


def _tsv_pass(image: Path, packs: str, psm: str, dpi: int, timeout_s: float) -> OcrResult:
    proc = _run([str(image), "stdout", "-l", packs, "--psm", psm, "--dpi", str(dpi), "tsv"],
                timeout_s, check=True)
    return parse_tsv(proc.stdout, packs)


def _run(args: list[str], timeout_s: float, check: bool) -> subprocess.CompletedProcess[str]:
    exe = tesseract_path()
    if exe is None:
        raise OcrError("tesseract is not installed")
    try:
        proc = subprocess.run([exe, *args], capture_output=True, text=True, timeout=timeout_s,
                              env=_env(), check=False)
    except subprocess.TimeoutExpired:
        raise OcrError(f"tesseract took longer than {timeout_s:.0f}s on one page") from None
    if check and proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise OcrError(f"tesseract failed (exit {proc.returncode}): {last}")
    return proc


def _joiner(previous: str, word: str) -> str:
    # Tesseract reports each Chinese/Japanese character as a word; those scripts put no spaces
    # between words, so none is added. Korean does use spaces and keeps them.
    return "" if script_of(previous[-1]) in _UNSPACED and script_of(word[0]) in _UNSPACED else " "


def parse_tsv(tsv: str, packs: str = "") -> OcrResult:
    """Build text (lines and paragraphs as Tesseract found them) and word confidences from TSV."""
    words: list[tuple[str, float]] = []
    boxes: list[OcrBox] = []
    paragraphs: list[list[str]] = []
    last_par: tuple[str, ...] | None = None
    last_line: tuple[str, ...] | None = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        word, conf = cols[11].strip(), max(float(cols[10]), 0.0) / 100.0
        words.append((word, conf))
        par, line = tuple(cols[1:4]), tuple(cols[1:5])
        left, top, width, height = (int(float(v)) for v in cols[6:10])
        boxes.append(OcrBox(word, left, top, width, height, line, conf))
        if par != last_par:
            paragraphs.append([word])
        elif line != last_line:
            paragraphs[-1].append("\n" + word)
        else:
            paragraphs[-1].append(_joiner(paragraphs[-1][-1], word) + word)
        last_par, last_line = par, line
    text = "\n\n".join("".join(p) for p in paragraphs)
    confidence = sum(c for _, c in words) / len(words) if words else None
    return OcrResult(text, confidence, words, packs, boxes=boxes)
