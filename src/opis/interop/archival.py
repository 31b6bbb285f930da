"""An archival reference as citations print it: the repository by name and place, the levels below.

Russian archival levels are cited with their Russian abbreviations, as English-language scholarship
does: ``f. 413, op. 13, d. 5467, l. 92`` (``ll.`` for several folios, ``ob.`` for a verso).
United States records keep their own structure: ``RG 59, Central Decimal File, 795.00/6-2550, Box 4262``.
The printing itself is model/archival_format.py's, shared with the extractors and the reading room.
"""

from __future__ import annotations

from dataclasses import dataclass

from opis import vocab
from opis.model import ArchivalReference, archival_format


@dataclass(frozen=True)
class Archive:
    name: str  # "Russian State Archive of the Economy (RGAE)"
    place: str  # "Moscow"
    location: str  # "f. 413, op. 13, d. 5467, l. 92"


folios = archival_format.folios


def location(ref: ArchivalReference) -> str:
    """The levels below the repository (model/archival_format.py), or the reference as written when none were
    parsed."""
    return archival_format.location(ref.fields()) or ref.raw


def archive_of(ref: ArchivalReference) -> Archive:
    repo = vocab.repository_by_code().get(ref.repository or "")
    if repo is None:
        return Archive(ref.repository or "", "", location(ref))
    english = repo.names.get("en")
    name = f"{english} ({repo.code})" if english else repo.code
    return Archive(name, repo.place, location(ref))
