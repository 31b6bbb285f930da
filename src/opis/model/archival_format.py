"""Every printed form of an archival reference, in one place: where a delo is formatted.

Three styles, all driven by the levels of vocab/levels.yaml:

* ``canonical``: the reference as opis prints a parsed citation back, in the markers of the citation's language:
  ``RGAE. F. 413. Op. 13. D. 5467. L. 193-194ob.`` / ``РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 193-194 об.``
* ``location``: the levels below the repository as English-language scholarship cites them, for citation
  formats (Chicago, CSL ``archive_location``): ``f. 413, op. 13, d. 5467, ll. 193–194 ob.``; United States records
  keep their own structure: ``RG 59, Central Decimal File, 795.00/6-2550, Box 4262``.
* ``unit_label``: a unit of the archival tree: ``RGAE f. 413 op. 13 d. 5467``.

Each takes the reference's fields as a mapping (a parsed citation, or ``ArchivalReference.fields()``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from opis import vocab
from opis.vocab.levels import Level

Fields = Mapping[str, object]

# United States records: the parts of their own structure, in citation order, with how each is printed.
US_PARTS = (("record_group", "RG {}"), ("entry", "Entry {}"), ("series", "{}"), ("lot", "Lot {}"),
            ("file", "{}"), ("box", "Box {}"), ("folder", "Folder {}"), ("agency", "{}"))


def present(fields: Fields) -> list[tuple[Level, str]]:
    """The archival levels a reference gives, top-down, with their values."""
    return [(level, str(fields[level.key])) for level in vocab.archival_levels().all if fields.get(level.key)]


def repository_form(code: str, language: str) -> str:
    """How a citation in ``language`` names the repository: the code, or its Cyrillic abbreviation in Russian."""
    if language != "ru":
        return code
    repo = vocab.repository_by_code().get(code)
    cyrillic = [a for a in repo.abbreviations if re.search("[А-Яа-яЁё]", a)] if repo else []
    return cyrillic[0] if cyrillic else code


def canonical(fields: Fields, language: str = "en") -> str:
    """``RGAE. F. 413. Op. 13. D. 5467. L. 92.`` (``language="ru"``: ``РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92.``)."""
    levels = vocab.archival_levels()
    verso = levels.verso_cite.get(language) or levels.verso_cite.get("en", "ob")
    pieces = [repository_form(str(fields["repository"]), language)] if fields.get("repository") else []
    for level, value in present(fields):
        if level.folio:
            value = value.replace("ob", verso)
        pieces.append(f"{level.cite.get(language) or level.cite['en']} {value}")
    return ". ".join(pieces).rstrip(".") + "."


def folios(value: str, level: Level | None = None) -> str:
    """``52-113`` -> ``ll. 52–113``; ``23`` -> ``l. 23``; ``193-194ob`` -> ``ll. 193–194 ob.``."""
    level = level or next(lv for lv in vocab.archival_levels().all if lv.folio)
    several = any(sep in value for sep in "-,")
    text = value.replace("-", "–").replace(",", ", ").replace("ob", vocab.archival_levels().verso_short)
    return f"{level.short_plural if several else level.short} {text}"


def us_parts(fields: Fields) -> list[str]:
    """The parts of a United States record's own structure, printed: ``RG 59``, ``Box 4262``."""
    return [pattern.format(fields[key]) for key, pattern in US_PARTS if fields.get(key)]


def location(fields: Fields) -> str:
    """The levels below the repository as scholarship cites them: ``f. 07, op. 10, p. 6, d. 65, l. 16``;
    empty when the reference names none."""
    parts = [folios(value, level) if level.folio else f"{level.short} {value}" for level, value in present(fields)]
    return ", ".join(parts + us_parts(fields))


def unit_label(path: Sequence[tuple[str, str]]) -> str:
    """``RGAE f. 413 op. 13 d. 5467``: a unit of the archival tree as citations abbreviate it."""
    by_key = vocab.archival_levels().by_key
    return " ".join(value if key == "repository" else f"{by_key[key].short} {value}" for key, value in path)
