"""An archival reference as citations print it: the repository by name and place, the levels below.

Russian archival levels are cited with their Russian abbreviations, as English-language scholarship
does: ``f. 413, op. 13, d. 5467, l. 92`` (``ll.`` for several folios, ``ob.`` for a verso).
United States records keep their own structure: ``RG 59, Central Decimal File, 795.00/6-2550, Box 4262``.
"""

from __future__ import annotations

from dataclasses import dataclass

from opis import vocab
from opis.model import ArchivalReference

_LEVELS = (("fond", "f."), ("opis", "op."), ("papka", "p."), ("delo", "d."))
_US_PARTS = (("record_group", "RG {}"), ("entry", "Entry {}"), ("series", "{}"), ("lot", "Lot {}"),
             ("file", "{}"), ("box", "Box {}"), ("folder", "Folder {}"))


@dataclass(frozen=True)
class Archive:
    name: str  # "Russian State Archive of the Economy (RGAE)"
    place: str  # "Moscow"
    location: str  # "f. 413, op. 13, d. 5467, l. 92"



def folios(value: str) -> str:
    """``52-113`` -> ``ll. 52–113``; ``23`` -> ``l. 23``; ``193-194ob`` -> ``ll. 193–194 ob.``."""
    several = any(sep in value for sep in "-,")
    text = value.replace("-", "–").replace(",", ", ").replace("ob", " ob.")
    return ("ll. " if several else "l. ") + text


def location(ref: ArchivalReference) -> str:
    """The levels below the repository, or the reference as written when none were parsed."""
    parts = [f"{label} {getattr(ref, level)}" for level, label in _LEVELS if getattr(ref, level)]
    if ref.folios:
        parts.append(folios(ref.folios))
    parts += [pattern.format(ref.extra[key]) for key, pattern in _US_PARTS if ref.extra.get(key)]
    return ", ".join(parts) if parts else ref.raw


def archive_of(ref: ArchivalReference) -> Archive:
    repo = vocab.repository_by_code().get(ref.repository or "")
    if repo is None:
        return Archive(ref.repository or "", "", location(ref))
    english = repo.names.get("en")
    name = f"{english} ({repo.code})" if english else repo.code
    return Archive(name, repo.place, location(ref))
