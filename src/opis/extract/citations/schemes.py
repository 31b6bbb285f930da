"""What a repository's level scheme (vocab/repositories.yaml ``levels:`` and ``patterns:``) says about a
reference that the labelled run of levels (``levels.py``) leaves open.

* After the delo, a papka marker (``п. 68``, ``папка 68``, ``p. 11``) is the papka when the repository keeps
  papki (AVP RF: ``д. 6, п. 68``); a Latin ``p.``/``pp.`` with a range (``delo 7, p.16-42``) is the folios;
  bare numbers closing the reference (``d. 7, 41-4``) are the folios.
* References written without level labels (``NY 4036: Nachlass Pieck, 696, 12–25``; ``XIX-J-1-j Korea,
  4. doboz, 5/a, 004076/1955``; ``106-00001-01``) are read with the repository's patterns.
* An archive that is not in the vocabulary is kept as written (``Архив министерства иностранных дел
  Венгрии, …``) and its reference read with the patterns of extract/data/citations.yaml ``unlabelled``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from opis import vocab
from opis.extract.citations.folios import folio_pattern, normalize_folios
from opis.extract.citations.levels import LevelRun
from opis.extract.citations.terms import data

PAPKA_AFTER = re.compile(
    r"\s*,?\s*(?:п|p|pa|папка|papka|Папка|Papka)\.?\s*(\d+[а-яa-z]?)(?![\d\s–-]*[-–]\s*\d)(?![\w/])")
ARCHIVE_WORDS = re.compile(r"^\s*((?:Архив|Archive|Archives|Archiv|Archiwum|Arhiva|Arhivele|Государственный архив)"
                           r"\b[^,;:\d]{3,90}?)\s*[,.:]\s*(?=\S)")


@dataclass
class SchemeMatch:
    fields: dict[str, str]
    start: int
    end: int


@cache
def _patterns(code: str) -> tuple[re.Pattern[str], ...]:
    for repo in vocab.repositories():
        if repo.code == code:
            return tuple(re.compile(p) for p in repo.patterns)
    return ()


@cache
def _unlabelled() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in data().get("unlabelled", []))


def _scheme(code: str) -> tuple[str, ...]:
    for repo in vocab.repositories():
        if repo.code == code:
            return repo.levels
    return vocab.archival_levels().scheme(None)


@cache
def _folios_after_re() -> re.Pattern[str]:
    """Folios after the delo: marked as pages (``p.16-42``), or bare numbers closing the reference."""
    return re.compile(rf"\s*,?\s*(?:(?:pp?|P)\.\s*({folio_pattern()})(?![\w])|({folio_pattern()})\s*\.?\s*$)")


def extend_after_delo(text: str, run: LevelRun, code: str | None) -> LevelRun:
    """``run`` with the papka or folios written after its delo without a level label the run knows."""
    if "delo" not in run.fields:
        return run
    if "papka" not in run.fields and "papka" in _scheme(code or ""):
        found = PAPKA_AFTER.match(text, run.end)
        if found:
            run.fields["papka"] = found.group(1)
            run.end = found.end()
    if "folios" not in run.fields:
        found = _folios_after_re().match(text, run.end)
        if found:
            run.fields["folios"] = normalize_folios(found.group(1) or found.group(2))
            run.end = found.end()
    return run


def _clean(fields: dict[str, str | None]) -> dict[str, str]:
    out = {}
    for key, value in fields.items():
        if value:
            value = re.sub(r"\s*/\s*", "/", value.strip()) if key == "document" else value.strip()
            # "pp. 61–2 and 116–22": a list of folio ranges joined by "and"
            out[key] = normalize_folios(re.sub(r"\s+(?:and|и)\s+", ", ", value)) if key == "folios" else value
    return out


def over_levels(text: str, run: LevelRun, code: str) -> SchemeMatch | None:
    """The repository's own pattern that reads more of the reference than its labelled ``run`` does: it starts no
    later and ends later (``276 f. 65/359``: the label follows its number; ``op. 28, roll 5113, no. 187``: the
    microfilm's file), or None."""
    for pattern in _patterns(code):
        found = pattern.search(text, max(run.start - 40, 0))
        end = run.end - text[:run.end].endswith(".")  # the run keeps a closing full stop, a pattern need not
        if found and found.start() <= run.start and found.end() >= end and found.span() != (run.start, end):
            return SchemeMatch(_clean(found.groupdict()), found.start(), found.end())
    return None


def by_patterns(text: str, code: str | None) -> SchemeMatch | None:
    """The fields of a reference written in a repository's own unlabelled scheme (or, for an archive not in
    the vocabulary, in one of the common unlabelled schemes), or None."""
    for pattern in (*_patterns(code), *_unlabelled()) if code else _unlabelled():
        found = pattern.search(text)
        if found:
            return SchemeMatch(_clean(found.groupdict()), found.start(), found.end())
    return None


def unknown_archive(text: str) -> str | None:
    """The name of an archive the vocabulary does not know, as written at the head of ``text``."""
    found = ARCHIVE_WORDS.match(text)
    return found.group(1).strip() if found else None
