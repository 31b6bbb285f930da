"""Find the run of archival levels in a citation: ``F. 413. Op. 13. D. 5467. L. 92``.

A run is a sequence of level markers with their values separated only by punctuation and spaces.
Each level is given at most once. The levels, their spellings and their guards (a lower-case ``п.`` only
counts as a papka before the delo, since after it ``п.`` is more likely a clause number than a folder) are
the data of vocab/levels.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from opis import vocab
from opis.extract.citations.folios import folio_pattern, normalize_folios
from opis.extract.citations.terms import alternation, level_of_form

IDENT = (r"(?:[A-Za-zА-Яа-яЁё]{1,2}-?)?\d+[0-9A-Za-zА-Яа-яЁё]*(?:[/-]\d+[0-9A-Za-zА-Яа-яЁё]*)*(?![\w])"
         # A letter printed apart from its number (``Оп. 98 с. Д. 704`` for the secret opis 98с), when the next
         # level or sentence follows: the same identifier.
         r"(?:\s[а-яё](?=\.\s*[A-ZА-ЯЁ]))?")
GAP = re.compile(r"[\s.,;:]*")


@dataclass
class LevelRun:
    fields: dict[str, str] = field(default_factory=dict)
    start: int = -1
    end: int = -1

    @property
    def levels(self) -> list[str]:
        return list(self.fields)


def _is_folio(level: str) -> bool:
    return vocab.archival_levels().by_key[level].folio


@cache
def _marker_re() -> re.Pattern[str]:
    folio_forms = tuple(f for f, level in level_of_form().items() if _is_folio(level))
    other_forms = tuple(f for f, level in level_of_form().items() if not _is_folio(level))
    sep = r"(?:\.\s*|\s+)"
    return re.compile(
        rf"(?<![\w])(?<!\b[a-zа-яё]\.)(?:(?P<fm>{alternation(folio_forms)}){sep}(?P<fv>{folio_pattern()})"
        rf"|(?P<m>{alternation(other_forms)}){sep}(?P<v>{IDENT}))"
    )


def _level(match: re.Match[str]) -> tuple[str, str]:
    if match.group("fm"):
        return level_of_form()[match.group("fm")], normalize_folios(match.group("fv"))
    return level_of_form()[match.group("m")], re.sub(r"\s(?=[а-яё]$)", "", match.group("v"))


def _accepts(run: LevelRun, level: str, form: str) -> bool:
    if level in run.fields:
        return False
    blocked_after = vocab.archival_levels().by_key[level].guard.get(form, ())
    return not any(other in run.fields for other in blocked_after)


def find_levels(text: str, start: int = 0) -> LevelRun:
    """The first run of archival levels in ``text`` at or after ``start`` (empty run if none)."""
    run = LevelRun()
    for match in _marker_re().finditer(text, start):
        level, value = _level(match)
        adjacent = bool(GAP.fullmatch(text, run.end, match.start()))
        if run.fields and not (adjacent and _accepts(run, level, match.group("m") or match.group("fm"))):
            break
        if not run.fields:
            run.start = match.start()
        run.fields[level] = value
        run.end = match.end()
    if run.fields and text[run.end:run.end + 1] == ".":
        run.end += 1
    return run
