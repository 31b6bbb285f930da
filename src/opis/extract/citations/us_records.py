"""United States records, which have no fond or delo: record group, file series, decimal file, box.

``NARA, RG 59, Central Decimal File 1950–54, 795.00/6-2550, Box 4262`` ->
``repository NARA, record_group 59, series "Central Decimal File 1950–54", file "795.00/6-2550", box 4262``.
The decimal file keeps its spelling as written (including an en dash in its date part).
"""

from __future__ import annotations

import re
from functools import cache

from opis.extract.citations.repositories import match_repository
from opis.extract.citations.terms import alternation, forms, mapping

DECIMAL_FILE = re.compile(
    r"\d{3}[A-Z]?\.(?:\d+[A-Z]{0,3}\d*|[A-Z]{1,3})(?:\([A-Z]+\))?(?:[-–][A-Z]{2,5})?"
    r"(?:\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*(?:\s*\([^()]*\))?)?/\s?[\dlI]{1,2}[-–]\d{2,6}"
)


# State Department subject-numeric files (1963–): "POL 27 KOR S", "POL 15-1 KOR N", "DEF 12-5 KOR S".
SUBJECT_NUMERIC = re.compile(r"[A-Z]{2,5}\s\d+(?:-\d+)*\s[A-Z]{2,6}(?:\s[A-Z]{1,2})?")


@cache
def _paper() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(forms('us_paper_series'))})\s\d{{1,5}}(?:[/-]\d{{1,4}}){{0,3}}")


@cache
def _field_res() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(rf"^(?:{alternation(fs)})\.?\s+(\S.*)$") for name, fs in mapping("us_fields").items()}


def parts(text: str) -> list[str]:
    """Parts between commas and semicolons, not splitting inside brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if ch in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip().rstrip(".").strip() for p in parts if p.strip(" .")]


def _classify(part: str) -> tuple[str, str] | None:
    for name, pattern in _field_res().items():
        found = pattern.match(part)
        if found:
            return name, found.group(1).strip()
    if DECIMAL_FILE.fullmatch(part) or SUBJECT_NUMERIC.fullmatch(part):
        return "file", part
    if any(word in part for word in forms("us_series_words")):
        return "series", part
    if part in forms("us_agencies") or any(part.startswith(f"{head} ") for head in forms("us_agency_heads")):
        return "agency", part
    code = match_repository(part)
    return ("repository", code) if code else None


def record_end(text: str) -> int:
    """Where a US record reference ends: after its decimal file when sentences follow it
    (``…, 611.95B/1–755. Confidential. Drafted by …``), else at the end of ``text``."""
    found = DECIMAL_FILE.search(text)
    if found and re.match(r"\.\s+\S", text[found.end():]):
        return found.end() + 1
    return len(text)


def us_fields(text: str) -> dict[str, str]:
    """Every US record field ``text`` names. A part may hold two fields around a colon
    (``PPS Files: Lot 66 D 70``)."""
    fields: dict[str, str] = {}
    found_parts = parts(text[:record_end(text)])
    if len(found_parts) > 1 and _paper().fullmatch(found_parts[0]):
        # "JCS 1776/560; Department of Defense Files": the paper first, then where it is kept. After a lot
        # ("Lot 62 D 1, NSC 5514") the same number names a folder of the lot, which is not a field.
        fields["document"] = found_parts[0]
    for part in found_parts:
        for piece in re.split(r":\s+", part):
            found = _classify(piece.strip())
            if found and found[0] not in fields:
                fields[found[0]] = found[1]
    return fields


def parse_us_record(text: str) -> dict[str, str] | None:
    """The fields of a US record reference, or None when ``text`` is not one."""
    fields = us_fields(text)
    if "record_group" in fields or "file" in fields or "lot" in fields:
        return fields
    series = fields.get("series", "")
    if series and ("agency" in fields or "repository" in fields or any(a in series for a in forms("us_agencies"))):
        return fields
    return None
