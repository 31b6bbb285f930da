"""Reading FRUS's editorial apparatus: source notes, classification markings, genres.

A source note cites where the editors found the document: "Source: Department of State,
Central Files, 611.95B/1–755. Confidential. Drafted by ..." (1950s volumes), or just the
decimal file, "501.BB Korea/1–549" / "761.94114/12–2249: Telegram" (1940s volumes).
Department of State central and lot files of these decades are in the U.S. National Archives,
Record Group 59; that fact is data here (``STATE_DEPARTMENT``), not a guess per note.
"""

from __future__ import annotations

import re
from functools import cache

from opis import vocab
from opis.model import ArchivalReference, Classification

STATE_DEPARTMENT = {"repository": "NARA", "record_group": "59"}

_SPACE = re.compile(r"\s+")
_SOURCE_PREFIX = re.compile(r"^\s*Source:\s*", re.I)
# A sentence ends at ". " before a capital, unless the period closes an initial ("U.S.", "W.").
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])\.\s+(?=[A-Z\[(])")
_CENTRAL = re.compile(r"^Department of State,\s*Central Files?,\s*(?P<file>.+)$", re.I)
_LOT = re.compile(r"^Department of State,\s*(?P<files>.+?):\s*Lot\s+(?P<lot>\d+\s*[A-Z]\s*\d+)"
                  r"(?:,\s*(?P<folder>.+))?$")
# A decimal-file citation: "611.95B/1–755", "740.00119 Control (Korea)/1–1049", "795B.00(W)/l–755".
_DECIMAL_FILE = re.compile(r"^\d{3}[A-Z]?\.[\w.]*(?:\([^)]*\))?(?:\s+[^/]+)?/\s*[\dlI]+[–-]\d+$")
_TYPE_SUFFIX = re.compile(r"^(?P<cite>.+?):\s*(?P<type>[A-Z][A-Za-z ]+)$")

# Head/source-note words → genre (vocab/genres.yaml); first match wins, so order matters.
GENRE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), g) for p, g in (
        (r"\beditorial note\b", "editorial-note"),
        (r"\bmemorandum (?:of (?:a )?conversation|for the record of a conversation)\b", "record-of-conversation"),
        (r"\b(?:minutes|notes|record) of (?:a|the)\b.*\bmeeting\b|\bminutes\b", "minutes"),
        (r"\btelegram\b|\bcablegram\b", "telegram"),
        (r"\bdespatch\b|\bdispatch\b|\bairgram\b", "dispatch"),
        (r"\bletter\b", "letter"),
        (r"\bmemorandum\b|\baide-m[ée]moire\b", "memorandum"),
        (r"\bstatement of policy\b|\bdirective\b", "directive"),
        (r"\breport\b|\bestimate\b", "report"),
        (r"\binstruction\b", "instruction"),
        (r"\bdiary\b", "diary"),
        (r"\bagreement\b|\btreaty\b|\bagreed minute\b", "agreement"),
        (r"\bstatement\b|\baddress\b|\bremarks\b|\bspeech\b", "speech"),
    ))
_SALUTATION = re.compile(r"^\s*(?:My )?Dear\b")


def one_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def sentences(note: str) -> list[str]:
    """The note's sentences, "Source:" removed, final periods dropped."""
    body = _SOURCE_PREFIX.sub("", one_space(note))
    return [s.strip().rstrip(".").strip() for s in _SENTENCE_END.split(body) if s.strip(" .")]


def parse_source_note(note: str) -> ArchivalReference | None:
    """The archival reference a source note cites, with ``raw`` the citation as written."""
    parts = sentences(note)
    if not parts:
        return None
    cite = parts[0]
    typed = _TYPE_SUFFIX.match(cite)
    if typed and _DECIMAL_FILE.match(typed.group("cite")):
        cite = typed.group("cite")  # "761.94114/12–2249: Telegram" cites the file before the colon
    return ArchivalReference(raw=cite, repository=_repository(cite), extra=_structure(cite))


def _structure(cite: str) -> dict[str, str]:
    central = _CENTRAL.match(cite)
    if central:
        return {"record_group": STATE_DEPARTMENT["record_group"], "series": "Central Files",
                "file": central.group("file")}
    lot = _LOT.match(cite)
    if lot:
        extra = {"record_group": STATE_DEPARTMENT["record_group"], "series": "Lot Files",
                 "file": lot.group("files"), "lot": one_space(lot.group("lot"))}
        if lot.group("folder"):
            extra["folder"] = lot.group("folder")
        return extra
    if _DECIMAL_FILE.match(cite):
        return {"record_group": STATE_DEPARTMENT["record_group"], "series": "Central Files", "file": cite}
    return {}


def _repository(cite: str) -> str | None:
    if _CENTRAL.match(cite) or _LOT.match(cite) or _DECIMAL_FILE.match(cite):
        return STATE_DEPARTMENT["repository"]
    for repo in vocab.repositories():
        forms = (*repo.variants_en, *repo.abbreviations, repo.names.get("en", ""))
        if any(f and re.search(rf"\b{re.escape(f)}\b", cite) for f in forms):
            return repo.code
    return None


def source_note_type(note: str) -> str | None:
    """The document type a 1940s-style note appends to the file: "…/12–2249: Telegram"."""
    parts = sentences(note)
    typed = _TYPE_SUFFIX.match(parts[0]) if parts else None
    return typed.group("type") if typed else None


@cache
def _markings() -> frozenset[str]:
    return frozenset(m for level in vocab.load_classification() for m in level["markings"])


def marking_in(text: str) -> str | None:
    """``text`` itself when it is a classification marking ("Top Secret", "Secret; Niact")."""
    head = one_space(text).strip(" .").split(";")[0].strip()
    return head if head.lower() in _markings() else None


def classification(candidates: list[str]) -> Classification | None:
    """The first candidate text that is a marking, as a Classification with its level."""
    for text in candidates:
        found = marking_in(text)
        if found:
            return Classification(marking=found, level=vocab.classification_level(found))
    return None


def genre(title: str, note_type: str | None, first_paragraph: str, editorial: bool) -> str:
    """The genre term for a FRUS document from its head, its note's type and its salutation."""
    if editorial:
        return "editorial-note"
    for text in (title, note_type or ""):
        for pattern, term in GENRE_PATTERNS:
            if pattern.search(text):
                return term
    return "letter" if _SALUTATION.match(first_paragraph) else "other"
