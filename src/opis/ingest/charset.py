"""Decode text files whose encoding nobody declared.

Order: byte-order mark; BOM-less UTF-16 (NUL pattern); strict UTF-8; the two single-byte
Cyrillic encodings Soviet-era and Russian files use (cp1251, KOI8-R), told apart by how
Russian-like the decoded letters are; then charset-normalizer for everything else (legacy
CJK encodings); last, Windows-1252 with replacement and a warning.

Why our own Cyrillic step: charset-normalizer guesses badly on short Russian snippets (it
took "Привет мир" in KOI8-R for Shift-JIS), and KOI8-R/cp1251 are the cases opis meets most.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from opis.ingest.sniff import bom_encoding, utf16_without_bom

# Relative frequency (per cent) of Russian letters in running text: a standard published table,
# used as a unigram model to score candidate decodings.
_RU_FREQ: dict[str, float] = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}
_NOT_A_LETTER = math.log(0.005)  # a high byte that decodes to a symbol is strong evidence against
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r")
# Russian text decoded correctly scores about -3.0; random Cyrillic letters about -4.
_MIN_RUSSIAN_SCORE = -3.6
# charset-normalizer cannot tell the Latin code pages apart on short text (it reads French
# Latin-1 as cp1250); opis meets Western European far more often, so those all become cp1252.
_LATIN_SINGLE_BYTE = re.compile(r"^(cp125[0-8]|latin_?\d*|iso8859_\d+|mac_\w+)$")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def decode_text(data: bytes) -> Decoded:
    """Decode ``data`` as text, saying which encoding was used (and warning when it was a guess)."""
    found = bom_encoding(data)
    if found:
        return Decoded(data[found[1]:].decode(found[0], errors="replace"), found[0])
    # BOM-less UTF-16 before UTF-8: mostly-ASCII UTF-16 is also valid (NUL-ridden) UTF-8.
    utf16 = utf16_without_bom(data)
    if utf16:
        return Decoded(data[: len(data) // 2 * 2].decode(utf16, errors="replace"), utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    cyrillic = guess_single_byte_cyrillic(data)
    if cyrillic:
        return Decoded(data.decode(cyrillic), cyrillic)
    return _fallback(data)


def guess_single_byte_cyrillic(data: bytes) -> str | None:
    """'cp1251' or 'koi8_r' when the non-ASCII bytes read as Russian words in one of them."""
    sample = data[:65536]
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if len(high) < 4:
        return None
    # Russian words are runs of high bytes; accented letters in Western text stand alone.
    highs = set(high)
    in_runs = sum(1 for i in high if i - 1 in highs or i + 1 in highs)
    if in_runs < 0.6 * len(high):
        return None
    scores = {enc: _russian_score(sample, enc) for enc in _CYRILLIC_CANDIDATES}
    best = max(scores, key=lambda enc: scores[enc])
    return best if scores[best] >= _MIN_RUSSIAN_SCORE else None


def _russian_score(sample: bytes, encoding: str) -> float:
    """Mean log-frequency of the decoded non-ASCII characters under the Russian letter model."""
    text = sample.decode(encoding, errors="replace")
    total, count = 0.0, 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        freq = _RU_FREQ.get(ch.lower())
        total += math.log(freq / 100) if freq else _NOT_A_LETTER
        count += 1
    return total / count if count else -math.inf


def _fallback(data: bytes) -> Decoded:
    try:
        import charset_normalizer  # optional; a dependency of trafilatura
    except ImportError:
        charset_normalizer = None  # type: ignore[assignment]
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding and not _LATIN_SINGLE_BYTE.match(str(best.encoding)):
            enc = str(best.encoding)
            return Decoded(data.decode(enc, errors="replace"), enc,
                           f"text encoding not declared; guessed {enc}")
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252",
                   "text encoding not recognised; read as Windows-1252, some characters may be wrong")
