"""The archival levels (vocab/levels.yaml) as typed values: what a fond, an opis, a papka, a delo and the folios
are called, how citations spell them, how opis prints them and where they sit in the tree.

Nothing else in opis lists the levels: the citation parser, the reference model, the formatter, the archival
tree and its URLs all read them from here, so a new level is one entry in the YAML file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


class LevelsError(ValueError):
    """vocab/levels.yaml (or a repository's level scheme) is malformed; the message names the entry."""


@dataclass(frozen=True)
class Level:
    key: str
    labels: Mapping[str, str]
    cite: Mapping[str, str]  # canonical marker by language: "F." / "Ф."
    short: str  # English-language scholarship's abbreviation: "f."
    short_plural: str
    forms: tuple[str, ...]
    segment: str | None  # URL segment of the archival tree; None for a folio level
    optional: bool = False
    folio: bool = False
    guard: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels.get("en") or self.key


@dataclass(frozen=True)
class Levels:
    all: tuple[Level, ...]
    verso_cite: Mapping[str, str]
    verso_short: str
    default_scheme: tuple[str, ...]

    # Derived tables are cached on the (frozen, read-once) value: the citation parser asks per marker.
    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Every level's key, top-down: ``("fond", "opis", "papka", "delo", "folios")``."""
        return tuple(level.key for level in self.all)

    @cached_property
    def by_key(self) -> dict[str, Level]:
        return {level.key: level for level in self.all}

    @cached_property
    def units(self) -> tuple[Level, ...]:
        """The levels that are units of the archival tree (every level but the folio ones), top-down."""
        return tuple(level for level in self.all if not level.folio)

    @cached_property
    def by_segment(self) -> dict[str, Level]:
        return {level.segment: level for level in self.units if level.segment}

    def of_form(self) -> dict[str, str]:
        """The level each spelling names (``Оп`` -> ``opis``)."""
        return self._form_levels

    @cached_property
    def _form_levels(self) -> dict[str, str]:
        return {form: level.key for level in self.all for form in level.forms}

    def index(self, key: str) -> int:
        return self.keys.index(key)

    def scheme(self, keys: Iterable[str] | None) -> tuple[str, ...]:
        """A repository's level scheme checked against the known levels (None: the default scheme)."""
        if keys is None:
            return self.default_scheme
        scheme = tuple(str(k) for k in keys)
        unknown = [k for k in scheme if k not in self.by_key]
        if unknown:
            raise LevelsError(f"unknown archival level(s) {unknown} in a level scheme; known: {list(self.keys)}")
        if list(scheme) != sorted(scheme, key=self.index):
            raise LevelsError(f"level scheme {list(scheme)} is not in the top-down order {list(self.keys)}")
        return scheme


def _strings(where: str, items: Any) -> tuple[str, ...]:
    # YAML reads a bare No or On as a boolean: a form must be quoted then.
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise LevelsError(f"levels.yaml: {where} must be a list of strings (quote forms like No or On): {items!r}")
    return tuple(items)


def _level(entry: Mapping[str, Any]) -> Level:
    key = entry.get("key")
    if not isinstance(key, str) or not key.isidentifier():
        raise LevelsError(f"levels.yaml: every level needs a key that is a name, not {key!r}")
    try:
        folio = bool(entry.get("folio", False))
        return Level(key=key, labels=dict(entry["labels"]), cite=dict(entry["cite"]), short=str(entry["short"]),
                     short_plural=str(entry.get("short_plural", entry["short"])),
                     forms=_strings(f"{key}.forms", entry["forms"]),
                     segment=None if folio else str(entry["segment"]), optional=bool(entry.get("optional", False)),
                     folio=folio,
                     guard={str(f): _strings(f"{key}.guard", v) for f, v in (entry.get("guard") or {}).items()})
    except KeyError as missing:
        raise LevelsError(f"levels.yaml: level {key!r} has no {missing}") from None


def levels_from(data: Mapping[str, Any]) -> Levels:
    """Typed levels from the parsed YAML; raises LevelsError naming what is wrong."""
    entries = data.get("levels")
    if not isinstance(entries, list) or not entries:
        raise LevelsError("levels.yaml: `levels` must be a non-empty list")
    found = tuple(_level(e) for e in entries)
    keys = [level.key for level in found]
    if len(set(keys)) != len(keys):
        raise LevelsError(f"levels.yaml: a level key is given twice in {keys}")
    verso = data.get("verso") or {}
    levels = Levels(found, dict(verso.get("cite", {})), str(verso.get("short", "")), tuple(keys))
    scheme = levels.scheme(data.get("default_scheme", keys))
    return Levels(found, levels.verso_cite, levels.verso_short, scheme)
