"""Help while filling in a document: an EDTF date read back as its earliest and latest days, and an
archival citation pasted as written read into repository → fond → opis → (papka) → delo → folios.

Both are pure functions over text; the form uses them on the server (no JavaScript needed) and
the public endpoints ``/api/edtf`` and ``/api/citations/parse`` give the same answers to edit.js.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from opis import vocab
from opis.extract.citations.extractor import footnote_citations
from opis.model import ArchivalReference, parse_edtf

MAX_EDTF = 100  # the longest EDTF value opis writes is an interval of two qualified days (~25 characters)
MAX_CITATION = 2000  # a pasted footnote, not a book: the parser's time grows with the text
LEVELS = ("repository", *vocab.archival_levels().keys)
_NOT_EXTRA = frozenset({"footnote", "raw", "kind", "ibid_of", "ibid_prev", *LEVELS})


def edtf_preview(value: str) -> dict[str, Any]:
    """``{"value", "valid", "earliest", "latest", "error", "uncertain", "approximate"}`` for one EDTF text."""
    out: dict[str, Any] = {"value": value, "valid": False, "earliest": None, "latest": None, "error": None,
                           "uncertain": False, "approximate": False}
    if len(value) > MAX_EDTF:
        return {**out, "error": f"longer than {MAX_EDTF} characters: not an EDTF date"}
    try:
        parsed = parse_edtf(value)
    except ValueError as exc:  # EdtfError, and the calendar's own "year 0 is out of range"
        return {**out, "error": str(exc)}
    ends = [d for d in (parsed.start, parsed.end) if d is not None]
    return {**out, "valid": True, "error": None,
            "earliest": parsed.earliest.isoformat() if parsed.earliest else None,
            "latest": parsed.latest.isoformat() if parsed.latest else None,
            "uncertain": any(d.uncertain for d in ends), "approximate": any(d.approximate for d in ends)}


def _reference(cited: dict[str, Any]) -> dict[str, Any]:
    # US records' own levels (record group, series, box) and a trailing note go into ``extra``.
    extra = {k: str(v) for k, v in cited.items() if k not in _NOT_EXTRA and v not in (None, "", [])}
    levels = {level: str(cited[level]) if cited.get(level) else None for level in LEVELS}
    return ArchivalReference.of(str(cited["raw"]), levels, extra).model_dump(mode="json")


def parse_references(text: str) -> dict[str, Any]:
    """The archival references in ``text`` (one citation or several, as in a footnote), and what else
    was found there that is not an archival reference (a book, a web page, an unresolved Ibid.)."""
    if len(text) > MAX_CITATION:
        return {"text": text, "references": [], "other": [],
                "error": f"longer than {MAX_CITATION} characters; paste one footnote at a time"}
    found = footnote_citations("", text) if text.strip() else []
    refs = [_reference(c) for c in found if c["kind"] == "archival"]
    other = [{"raw": c["raw"], "kind": c["kind"]} for c in found if c["kind"] != "archival"]
    return {"text": text, "references": refs, "other": other, "error": None}


@cache
def _repository_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for repo in vocab.repositories():
        for form in (repo.code, *repo.abbreviations, *repo.former):
            forms.setdefault(form.casefold(), repo.code)
    return forms


def canonical_repository(value: str) -> str:
    """The canonical code for a repository typed as its code or an abbreviation (``РГАЭ`` → ``RGAE``);
    anything else as typed, since the archive also holds repositories outside the vocabulary."""
    return _repository_forms().get(value.strip().casefold(), value.strip())
