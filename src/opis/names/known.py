"""Variant names that no rule can make, from the authority data we hold (``vocab/authority_names.yaml``).

A FRUS List of Persons gives "Rhee, Syngman" and nothing else; no romanization rule turns that
into 이승만 (Rhee is a conventional spelling of 이, and 李 reads "li" in Mandarin). The data file
says which names are one person; this module finds the entry an authority's names belong to and
gives the forms it lacks. An entry is found only by a whole name equal after folding (never by a
shared surname or a loose key), so a wrong join needs a wrong line in the data file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from opis import vocab
from opis.names.normalize import squash


@dataclass(frozen=True)
class KnownForm:
    value: str
    lang: str | None
    scheme: str | None


def direct_order(name: str) -> str:
    """An inverted "Surname, Given" as "Given Surname"; other names unchanged."""
    parts = [p.strip() for p in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name


@cache
def _entries() -> tuple[tuple[str, tuple[KnownForm, ...]], ...]:
    rows = vocab.load("authority_names") or []
    return tuple((str(row["kind"]), tuple(KnownForm(str(f["value"]), f.get("lang"), f.get("scheme"))
                                          for f in row["forms"])) for row in rows)


@cache
def _by_key() -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for i, (kind, forms) in enumerate(_entries()):
        for form in forms:
            found.setdefault((kind, squash(form.value)), i)
    return found


def known_forms(kind: str, names: Iterable[str]) -> tuple[KnownForm, ...]:
    """Every form of the entry one of ``names`` (an authority of ``kind``) is written as; () if none."""
    for name in names:
        for form in (name, direct_order(name)):
            entry = _by_key().get((kind, squash(form)))
            if entry is not None:
                return _entries()[entry][1]
    return ()


def missing_forms(kind: str, names: Iterable[str]) -> list[KnownForm]:
    """The forms of the matching entry that are not among ``names`` (compared as written)."""
    have = list(names)
    present = set(have)
    return [f for f in known_forms(kind, have) if f.value not in present]
